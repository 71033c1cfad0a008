// modules/network/ble/gap.js: constants only; scan and advertising intervals in 0.625 ms units.
declare module "gap" {
  interface IntervalRange { readonly min: number; readonly max: number }
  const GAP: {
    readonly SCAN_FAST_INTERVAL: number;
    readonly SCAN_FAST_WINDOW: number;
    readonly ADV_FAST_INTERVAL1: IntervalRange;
    readonly ADV_FAST_INTERVAL2: IntervalRange;
    readonly ADV_SLOW_INTERVAL: IntervalRange;
    readonly ADType: {
      readonly FLAGS: 0x01;
      readonly COMPLETE_UUID16_LIST: 0x03;
      readonly COMPLETE_UUID128_LIST: 0x07;
      readonly COMPLETE_LOCAL_NAME: 0x09;
      readonly SERVICE_DATA_UUID16: 0x16;
    };
    readonly MAX_AD_LENGTH: 31;
    readonly ADFlag: {
      readonly LE_LIMITED_DISCOVERABLE_MODE: 0x01;
      readonly LE_GENERAL_DISCOVERABLE_MODE: 0x02;
      readonly NO_BR_EDR: 0x04;
    };
    readonly AddressType: { readonly PUBLIC: 0; readonly RANDOM: 1; readonly RPA_PUBLIC: 2; readonly RPA_RANDOM: 3 };
    readonly ScanFilterPolicy: { readonly NONE: 0; readonly WHITELIST: 1; readonly NOT_RESOLVED_DIRECTED: 2; readonly WHITELIST_NOT_RESOLVED_DIRECTED: 3 };
    readonly AdvFilterPolicy: { readonly NONE: 0; readonly WHITELIST_SCANS: 1; readonly WHITELIST_CONNECTIONS: 2; readonly WHITELIST_SCANS_CONNECTIONS: 3 };
  };
  export default GAP;
}
