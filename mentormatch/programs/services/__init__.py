"""Program services: programs, screening, PDU records, the dashboard."""
