//! Escaping of untrusted strings (process names, UNIX paths). (Being written.)
