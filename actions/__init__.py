"""Custom actions of the Levallois assistant, one package per topic.

rasa_sdk imports every module below this package, so each topic registers its actions
just by living here.
"""

from bot import log_redaction

log_redaction.install()   # no phone number or e-mail in the action server's logs
