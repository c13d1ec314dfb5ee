"""The worker-facing pages: server-rendered, thin routes over the use cases."""
