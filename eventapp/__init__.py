"""eventapp: a self-hosted live facilitation app for kickoff days."""
