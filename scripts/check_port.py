"""Exit with one line on stderr when 127.0.0.1:PORT cannot be listened on (used by `make demo`).

Runs on the system Python before the virtual environment exists, so it needs nothing else.
"""

import socket
import sys


def main(raw: str) -> int:
    try:
        port = int(raw)
    except ValueError:
        port = 0
    if not 1 <= port <= 65535:
        print(f"certify demo: PORT must be a number from 1 to 65535, not {raw!r}.", file=sys.stderr)
        return 2
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        # As the development server does, so a port left in TIME_WAIT still counts as free.
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(("127.0.0.1", port))
            probe.listen(1)
        except OSError:
            print(
                f"certify demo: port {port} on 127.0.0.1 is already in use; stop what uses it "
                f"or choose another port, e.g. make demo PORT={port + 1 if port < 65535 else 8000}",
                file=sys.stderr,
            )
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else "8000"))
