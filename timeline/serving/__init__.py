"""How the app is served: gunicorn's configuration, response compression, per-address rate
limits and the login lockout page, and the bounded per-process cache."""
