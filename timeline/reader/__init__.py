"""What readers get: the selection they make, the chronology page, its strip and cards, permalinks."""
