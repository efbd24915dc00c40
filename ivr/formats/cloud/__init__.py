"""What the cloud contact-centre readers (Twilio Studio, Amazon Connect, Genesys Archy) share: JSON, wrappers."""
