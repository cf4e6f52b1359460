"""ETL: turns committed raw inputs (data/raw, data/sources.yaml) into tidy, validated tables (data/tidy)."""
