"""Building blocks of the Dash app: data access, figure builders, layout pieces, ids, theme."""
