"""Support code for the promise checks (VC3xx): facets of promises and passages."""
