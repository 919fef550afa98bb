#!/usr/bin/env python
import os
import sys


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    # Imports and migrations may wait on locks and run long statements; only served requests are cut short.
    if sys.argv[1:2] != ["runserver"]:
        os.environ.setdefault("DB_REQUEST_TIMEOUTS", "0")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
