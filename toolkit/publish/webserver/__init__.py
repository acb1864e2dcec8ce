"""What the intranet's web server gets: the exported tree (``export``), nginx run with the
project's server block (``nginx``) and the Content-Security-Policy it sends (``csp``).
See docs-dev/web-server.md.
"""
