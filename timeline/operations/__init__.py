"""What operators run: backups and restores."""
