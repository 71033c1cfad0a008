// TCNs are 16 bytes (spec: tcn-protocol.md); expanded reports pack them back to back.
export const TCN_BYTES = 16;
