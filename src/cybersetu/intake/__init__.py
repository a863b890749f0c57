"""Intake: read a victim's story (Hindi, English or Hinglish)."""
