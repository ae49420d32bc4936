/** The files module's public face: the only file other modules import. */
export { deriveImages, IMAGE_MEMORY_BUDGET_BYTES, refuseOversizedImage } from "./images";
export { KIND_RULES, MAX_IMAGE_PIXELS, tooLargeMessage, UnsupportedFileTypeError } from "./kinds";
export { fileInCentre } from "./queries";
export { fileUrl, removeFile, storeGeneratedFile, uploadFile } from "./service";
export { startFilesWorker } from "./worker";
