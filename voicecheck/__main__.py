from voicecheck.cli import entry

entry()
