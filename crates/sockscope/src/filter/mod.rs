//! Selecting sockets. Front ends (netstat's `-l`/`-a` today; ss expressions
//! and plain flags later) compile to rules evaluated here in user space.

mod netstat;

pub use netstat::ListenSelection;
