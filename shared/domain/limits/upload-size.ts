/** The largest document a court or an operator uploads (issue 12, item 3: a ruling of up to 20 MB). */
export const maxUploadBytes = 20 * 1024 * 1024;
