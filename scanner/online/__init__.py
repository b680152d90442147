"""Online enrichment from the Hugging Face Hub (only with --online) and the model lockfile."""
