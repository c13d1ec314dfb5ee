"""A real SMTP server on loopback (aiosmtpd) that keeps what it receives and can refuse recipients."""
import logging
import socket
from email import message_from_bytes
from email.policy import default as email_policy

from aiosmtpd.controller import Controller

# The test server's own log ("mail.log") quotes every address it is sent at INFO; keep it quiet
# so that logs captured in tests hold only what Stepwise itself wrote.
logging.getLogger("mail.log").setLevel(logging.WARNING)


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Inbox:
    """An aiosmtpd handler keeping every envelope that arrives.

    ``refuse`` maps an address to the reply its RCPT TO gets (e.g. "451 4.2.1 Try later");
    ``rcpts`` lists every RCPT TO the server was asked for, accepted or not, in order.
    """

    def __init__(self):
        self.envelopes, self.refuse, self.rcpts = [], {}, []

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        self.rcpts.append(address)
        if address in self.refuse:
            return self.refuse[address]
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.envelopes.append(envelope)
        return "250 Message accepted for delivery"

    def emails(self):
        return [message_from_bytes(e.content, policy=email_policy) for e in self.envelopes]

    def copies_for(self, address):
        """How many messages were delivered to ``address``."""
        return sum(address in e.rcpt_tos for e in self.envelopes)


class SmtpServer:
    """A real SMTP server on 127.0.0.1 that can be started once the app already points at it."""

    def __init__(self, port, **options):
        self.port, self.options, self.inbox, self.controller = port, options, Inbox(), None

    def start(self):
        self.controller = Controller(self.inbox, hostname="127.0.0.1", port=self.port, **self.options)
        self.controller.start()
        return self.inbox

    def stop(self):
        if self.controller is not None:
            self.controller.stop()
            self.controller = None


ADMIN_USER = "demo-admin"


def outbox(as_user):
    """Every message in the outbox, as an administrator reads it through the API."""
    response = as_user(ADMIN_USER).get("/api/v1/admin/outbox")
    assert response.status_code == 200, response.json
    return response.json["messages"]


def deliver(as_user):
    """Deliver what is due now, as an administrator asks through the API."""
    response = as_user(ADMIN_USER).post("/api/v1/admin/outbox/deliver")
    assert response.status_code == 200, response.json
    return response.json
