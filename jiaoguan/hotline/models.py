"""短信与语音服务: this family's tables."""
