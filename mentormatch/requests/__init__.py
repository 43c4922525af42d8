"""The request lifecycle: a mentee's requests and the mentor's inbox."""
