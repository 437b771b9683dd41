"""The widget's server side: verifies X-Auth-Token, keeps OAuth tokens per account, receives the
CRM's digital pipeline, webhook, Salesbot and SMS requests. `create_app()` (app.py) builds it."""

import warnings

from jwt.warnings import InsecureKeyLengthWarning

# Settings require a secret of 32 characters or more and the CRM's own keys have 64: PyJWT's warning
# about HS512 keys under 64 bytes would only repeat the development secret's length in every log.
warnings.filterwarnings("ignore", category=InsecureKeyLengthWarning)
