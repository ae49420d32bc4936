/** The files module's public face: the only file other modules import. */

// Image work shared with the scan import and the memory benchmark.
export { deriveImages, IMAGE_MEMORY_BUDGET_BYTES, refuseOversizedImage } from "./images";
// The limits each kind of file is held to, for routes and batch uploads that check early.
export { KIND_RULES, MAX_IMAGE_PIXELS, tooLargeMessage, UnsupportedFileTypeError } from "./kinds";
// Storing and serving files: uploads, generated files (exports), signed links, removal.
export {
  confirmDirectUpload,
  fileUrl,
  removeFile,
  startDirectUpload,
  storeGeneratedFile,
  uploadFile,
  uploadFileStream,
} from "./service";
export { avatarThumbnail, downloadLink, type FileDisplay, fileDisplay, storedFileBytes } from "./stored";
// Photos and scanned pages on a submission, for the homework and paper screens.
export { attachmentsForSubmission, attachmentsPath } from "./submission-attachments";
// The worker's file jobs (image derivatives, orphan cleanup).
export { startFilesWorker } from "./worker";
