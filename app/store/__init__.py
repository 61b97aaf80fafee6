"""The encrypted local store (SQLCipher): records as documents, projections, outbox, key slots. No Qt."""
