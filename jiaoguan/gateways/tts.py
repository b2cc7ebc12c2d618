"""Text to speech for the voice service's prompts (``hotline``): WAV audio of a Chinese text.

``espeak`` runs espeak-ng (Debian's ``espeak-ng``: the demo and the tests); ``silent`` makes
silence of the text's length (a machine without espeak-ng); a production deployment names
its provider's adapter by dotted path (``TTS_GATEWAY``). The IVR platform reads the text
itself when the audio is missing: every ``<audio>`` of the voice documents carries it.
"""

from __future__ import annotations

import io
import shutil
import subprocess
import wave
from typing import Protocol

from django.conf import settings
from django.utils.module_loading import import_string

from jiaoguan.gateways.errors import PermanentProviderError, RetryableProviderError


class TextToSpeech(Protocol):
    def render(self, text: str) -> bytes:
        """WAV audio (RIFF) of ``text`` read in Mandarin at the configured, slow pace.

        Raises ``RetryableProviderError`` (timeout) or ``PermanentProviderError``.
        """


class EspeakTextToSpeech:
    """espeak-ng's Mandarin voice (``cmn``); words per minute from
    ``JIAOGUAN_TTS_WORDS_PER_MINUTE`` (130: slower than espeak's 175, for elderly callers)."""

    timeout_seconds = 10

    def __init__(self, binary: str = "espeak-ng") -> None:
        self.binary = shutil.which(binary) or binary

    def render(self, text: str) -> bytes:
        rate = str(settings.JIAOGUAN_TTS_WORDS_PER_MINUTE)
        try:
            done = subprocess.run(
                [self.binary, "-v", "cmn", "-s", rate, "--stdout", text],
                capture_output=True,
                timeout=self.timeout_seconds,
                check=False,
            )
        except subprocess.TimeoutExpired as error:
            raise RetryableProviderError("espeak-ng timed out") from error
        except OSError as error:
            raise PermanentProviderError(f"espeak-ng cannot run: {error}") from error
        if done.returncode != 0 or not done.stdout.startswith(b"RIFF"):
            raise PermanentProviderError(f"espeak-ng failed: {done.stderr[:200]!r}")
        return done.stdout


class SilentTextToSpeech:
    """A valid WAV of silence, 0.25 s per character: where no speech engine is installed."""

    def render(self, text: str) -> bytes:
        buffer = io.BytesIO()
        with wave.open(buffer, "wb") as out:
            out.setnchannels(1)
            out.setsampwidth(2)
            out.setframerate(8000)
            out.writeframes(b"\0\0" * 2000 * max(1, len(text)))
        return buffer.getvalue()


GATEWAYS = {
    "espeak": "jiaoguan.gateways.tts.EspeakTextToSpeech",
    "silent": "jiaoguan.gateways.tts.SilentTextToSpeech",
}


def get_tts() -> TextToSpeech:
    name = settings.TTS_GATEWAY or "espeak"
    if name == "espeak" and shutil.which("espeak-ng") is None:
        name = "silent"
    return import_string(GATEWAYS.get(name, name))()
