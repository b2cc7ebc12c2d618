"""The SMS and voice service's settings (12123, ``jiaoguan.hotline``), read by ``base``."""

from jiaoguan.settings import env

# The SMS and voice service (12123, jiaoguan.hotline): what confirms the holder of a number
# ("pin": a PIN the citizen sets; "identity_digits": the last six of the identity number),
# wrong tries a day, inbound messages answered per number and hour.
JIAOGUAN_HOTLINE_SECRET = env.text("HOTLINE_SECRET", "pin")
JIAOGUAN_HOTLINE_SECRET_TRIES = env.number("HOTLINE_SECRET_TRIES", 5)
JIAOGUAN_HOTLINE_SMS_PER_HOUR = env.number("HOTLINE_SMS_PER_HOUR", 30)
# The voice service (VoiceXML at /voice/): the IVR platform's shared token (empty: open, for
# the embedded default and its call simulator), where "0" transfers a caller, and the
# prompts' speech (gateways/tts.py: espeak, silent or an adapter's dotted path).
JIAOGUAN_HOTLINE_VOICE_TOKEN = env.text("HOTLINE_VOICE_TOKEN", "")
JIAOGUAN_HOTLINE_AGENT_URI = env.text("HOTLINE_AGENT_URI", "tel:12123")
TTS_GATEWAY = env.text("TTS_GATEWAY", "espeak")
JIAOGUAN_TTS_WORDS_PER_MINUTE = env.number("TTS_WORDS_PER_MINUTE", 130)
# The SMPP 3.4 SMSC (SMS_GATEWAY=smpp; the receiver: manage.py hotline_smpp).
SMPP_HOST = env.text("SMPP_HOST", "127.0.0.1")
SMPP_PORT = env.number("SMPP_PORT", 2775)
SMPP_SYSTEM_ID = env.text("SMPP_SYSTEM_ID", "jiaoguan")
SMPP_PASSWORD = env.text("SMPP_PASSWORD", "")
SMPP_SOURCE_ADDR = env.text("SMPP_SOURCE_ADDR", "12123")
SMPP_TIMEOUT = env.number("SMPP_TIMEOUT", 5)
SMPP_ENQUIRE_SECONDS = env.number("SMPP_ENQUIRE_SECONDS", 30)
# submit_sm awaiting their response at once in a batch (the carrier's window; 1: one by one)
SMPP_WINDOW = env.number("SMPP_WINDOW", 10)
