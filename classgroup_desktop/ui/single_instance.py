"""One window per database: a second start on the same database brings the first to the front.

The first copy listens on a local socket (a named pipe on Windows) whose name is derived from
the database's location; a later copy that reaches it sends one message and quits. Two CLI
processes on one database are still fine (WAL); two windows would each keep their own view of
the data and their own undo history, which confuses more than it helps.
"""

from __future__ import annotations

import getpass
import hashlib

from PySide6.QtCore import QObject, Signal
from PySide6.QtNetwork import QLocalServer, QLocalSocket

CONNECT_TIMEOUT_MS = 500


def server_name(location: str) -> str:
    """The local socket name for the database at ``location`` (per user)."""
    try:
        user = getpass.getuser()
    except (KeyError, OSError):
        user = ""
    digest = hashlib.sha256(f"{user}\0{location}".encode()).hexdigest()[:20]
    return f"classgroup-desktop-{digest}"


class SingleInstance(QObject):
    """``notify_running()`` in a later copy; ``listen()`` and ``activated`` in the first."""

    activated = Signal()

    def __init__(self, location: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.name = server_name(location)
        self.server: QLocalServer | None = None

    def notify_running(self) -> bool:
        """True when a copy already runs on this database (it has been asked to come forward)."""
        socket = QLocalSocket()
        socket.connectToServer(self.name)
        if not socket.waitForConnected(CONNECT_TIMEOUT_MS):
            return False
        socket.write(b"show\n")
        socket.flush()
        socket.waitForBytesWritten(CONNECT_TIMEOUT_MS)
        socket.disconnectFromServer()
        return True

    def listen(self) -> bool:
        """Become the copy later starts find; False when the socket cannot be created."""
        QLocalServer.removeServer(self.name)  # a socket file left by a copy that crashed
        self.server = QLocalServer(self)
        self.server.newConnection.connect(self._on_connection)
        return self.server.listen(self.name)

    def _on_connection(self) -> None:
        assert self.server is not None
        while self.server.hasPendingConnections():
            socket = self.server.nextPendingConnection()
            socket.disconnected.connect(socket.deleteLater)
        self.activated.emit()


def bring_to_front(window) -> None:
    """Show ``window`` un-minimised, raised and focused."""
    if window.isMinimized():
        window.showNormal()
    window.show()
    window.raise_()
    window.activateWindow()
