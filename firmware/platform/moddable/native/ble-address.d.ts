/** nRF52 only: sd_ble_gap_addr_set with a non-resolvable private address; advertising and scanning must be stopped. */
export declare function setAddress(address: ArrayBuffer): void;
