# Staging mirrors production.
multi_az = true
