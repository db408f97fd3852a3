//! net-tools netstat 2.10 socket tables, byte for byte. (Being written.)
