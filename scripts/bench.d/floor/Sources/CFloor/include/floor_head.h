#ifndef FLOOR_HEAD_H
#define FLOOR_HEAD_H

/// One libcurl HEAD of URL with regprobe's Accept list: curl_global_init, one easy handle, one request, cleanup.
/// CAFILE (may be NULL) is the only CA trusted for an https URL. Returns the HTTP status (401 counts: the answer
/// came), or minus the CURLcode when no answer came.
long floor_head(const char *url, const char *cafile);

#endif
