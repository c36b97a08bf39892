// The libpq wrapper (being written).
