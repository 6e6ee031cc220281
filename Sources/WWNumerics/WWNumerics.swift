// WWNumerics
