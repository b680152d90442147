"""Resolution: reference -> model with origin, license, lineage and evidence."""
