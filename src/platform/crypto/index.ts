export { blindIndex } from "./blind-index";
export { DecryptionError, decryptField, encryptField, encryptionKeyIdOf, type FieldRef } from "./field";
export { defaultKeyRing, type KeyRing, parseKeyRing } from "./keys";
export { DUMMY_PIN_HASH, hashPin, pinHashIsCurrent, verifyPin } from "./pin-hash";
export {
  ENCRYPTED_COLUMNS,
  type EncryptedColumn,
  fieldOf,
  MAIL_PARAMS,
  USERS_DATE_OF_BIRTH,
  USERS_EMAIL,
  USERS_PHONE,
} from "./registry";
export { type ColumnRotation, rotateEncryptedColumns } from "./rotate";
export { bytesSigner, uuidBytes, uuidOfBytes } from "./signed-bytes";
