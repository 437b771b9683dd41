"""The widget's server side: verifies X-Auth-Token, keeps OAuth tokens per account, receives the
CRM's digital pipeline, webhook, Salesbot and SMS requests. `create_app()` (app.py) builds it."""
