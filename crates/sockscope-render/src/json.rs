//! JSON and NDJSON wire format (versioned). (Being written.)
