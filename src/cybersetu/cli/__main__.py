"""`python -m cybersetu.cli`: the same command as `cybersetu`."""

from cybersetu.cli import main

if __name__ == "__main__":
    main()
