//! Colours of the modern table as hand-written SGR sequences (a dozen bytes
//! do not need a crate). Only state names and the header are painted; a
//! disabled style returns the text unchanged.

/// An SGR parameter string (`"1"`, `"32"`), or none.
pub(super) type Sgr = Option<&'static str>;

/// Bold header.
pub(super) const HEADER: Sgr = Some("1");

/// The colour of a state name as `rows::Row::state` spells it: green for
/// established, cyan for listening, yellow while closing, magenta during
/// the handshake, dim when idle.
pub(super) fn for_state(state: &str) -> Sgr {
    match state {
        "ESTABLISHED" | "CONNECTED" => Some("32"),
        "LISTEN" | "LISTENING" => Some("36"),
        "SYN_SENT" | "SYN_RECV" | "CONNECTING" => Some("35"),
        "FIN_WAIT1" | "FIN_WAIT2" | "TIME_WAIT" | "CLOSE_WAIT" | "LAST_ACK" | "CLOSING"
        | "DISCONNECTING" => Some("33"),
        "UNCONN" | "UNCONNECTED" | "CLOSE" => Some("2"),
        _ => None,
    }
}

/// `text` wrapped in `sgr` when `enabled`.
pub(super) fn paint(text: &str, sgr: Sgr, enabled: bool) -> String {
    match sgr {
        Some(code) if enabled => format!("\x1b[{code}m{text}\x1b[0m"),
        _ => text.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn painting_is_off_unless_enabled() {
        assert_eq!(paint("LISTEN", for_state("LISTEN"), false), "LISTEN");
        assert_eq!(
            paint("LISTEN", for_state("LISTEN"), true),
            "\x1b[36mLISTEN\x1b[0m"
        );
        assert_eq!(paint("x", for_state("UNKNOWN"), true), "x");
    }
}
