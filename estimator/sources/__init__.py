"""Sources: what a SPEC argument is, Hugging Face configs, model files, count and diff."""
