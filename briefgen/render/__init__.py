"""Writers: Brief -> HTML (the one document), HTML -> PDF, HTML -> DOCX."""
