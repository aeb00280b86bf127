// The floor of this stack for one cold check (issue 4): what any program that answers with one libcurl request
// pays: process start, loading libcurl and its shared libraries, curl_global_init (OpenSSL's), one request.
// Built twice by scripts/bench: as a C program (c/main.c) and under Swift + ArgumentParser + FoundationEssentials
// (Sources/swift-floor), the two floors the issue names.
#include "floor_head.h"

#include <curl/curl.h>
#include <stddef.h>

long floor_head(const char *url, const char *cafile) {
    if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) return -1;
    CURL *easy = curl_easy_init();
    if (easy == NULL) return -1;
    struct curl_slist *headers = curl_slist_append(NULL,
        "Accept: application/vnd.oci.image.index.v1+json, application/vnd.oci.image.manifest.v1+json, "
        "application/vnd.docker.distribution.manifest.list.v2+json, "
        "application/vnd.docker.distribution.manifest.v2+json");
    curl_easy_setopt(easy, CURLOPT_URL, url);
    curl_easy_setopt(easy, CURLOPT_NOBODY, 1L);
    curl_easy_setopt(easy, CURLOPT_HTTPHEADER, headers);
    curl_easy_setopt(easy, CURLOPT_TIMEOUT, 30L);
    curl_easy_setopt(easy, CURLOPT_NOPROXY, "*");
    if (cafile != NULL) {
        curl_easy_setopt(easy, CURLOPT_CAINFO, cafile);
        curl_easy_setopt(easy, CURLOPT_CAPATH, NULL);
    }
    CURLcode rc = curl_easy_perform(easy);
    long status = 0;
    curl_easy_getinfo(easy, CURLINFO_RESPONSE_CODE, &status);
    curl_easy_cleanup(easy);
    curl_slist_free_all(headers);
    curl_global_cleanup();
    return rc == CURLE_OK ? status : -(long)rc;
}
