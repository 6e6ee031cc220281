// HDF5 reading through libhdf5 with its error stack silenced and returned (see the header).
#include "wwn_hdf5_file.h"

#include <hdf5.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/// Debian's libhdf5 is built without its thread-safety option, so calls are serialised here.
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_once_t silenced = PTHREAD_ONCE_INIT;

static void silence(void) { H5Eset_auto2(H5E_DEFAULT, NULL, NULL); }

static void enter(void) {
    pthread_once(&silenced, silence);
    pthread_mutex_lock(&lock);
}

static void leave(void) { pthread_mutex_unlock(&lock); }

/// Keeps the innermost frame's description: the walk upward starts there.
static herr_t first_description(unsigned n, const H5E_error2_t *frame, void *data) {
    char *message = ((char **)data)[0];
    size_t size = (size_t)((char **)data)[1];
    if (n == 0 && frame->desc && size > 0) snprintf(message, size, "%s", frame->desc);
    return 0;
}

/// The message of the current error stack (or `fallback` when it is empty), then clears it.
static wwn_h5_status failed(const char *fallback, char *message, size_t message_size) {
    if (message_size > 0) {
        message[0] = 0;
        void *data[2] = {message, (void *)message_size};
        H5Ewalk2(H5E_DEFAULT, H5E_WALK_UPWARD, first_description, data);
        if (message[0] == 0) snprintf(message, message_size, "%s", fallback);
    }
    H5Eclear2(H5E_DEFAULT);
    return WWN_H5_FAILED;
}

wwn_h5_status wwn_h5_open(const char *path, const void *image, size_t image_size, int64_t *file,
                          char *message, size_t message_size) {
    enter();
    *file = -1;
    hid_t id;
    if (image) {
        hid_t access = H5Pcreate(H5P_FILE_ACCESS);
        // The core driver holds the file in memory; the image is copied into it, never written back.
        if (access < 0 || H5Pset_fapl_core(access, 1 << 20, 0) < 0 || H5Pset_file_image(access, (void *)image, image_size) < 0) {
            if (access >= 0) H5Pclose(access);
            wwn_h5_status status = failed("cannot set up an in-memory HDF5 file", message, message_size);
            leave();
            return status;
        }
        id = H5Fopen(path, H5F_ACC_RDONLY, access);
        H5Pclose(access);
    } else {
#if H5_VERSION_GE(1, 12, 0)
        htri_t is_hdf5 = H5Fis_accessible(path, H5P_DEFAULT);
#else
        htri_t is_hdf5 = H5Fis_hdf5(path);
#endif
        if (is_hdf5 <= 0) {
            H5Eclear2(H5E_DEFAULT);
            if (message_size > 0) snprintf(message, message_size, "no HDF5 signature");
            leave();
            return WWN_H5_WRONG_KIND;
        }
        hid_t access = H5Pcreate(H5P_FILE_ACCESS);
#if (H5_VERS_MAJOR == 1 && H5_VERS_MINOR == 10 && H5_VERS_RELEASE >= 7) || H5_VERSION_GE(1, 12, 1)
        // No file lock: wwn only reads, and a checkpoint a training run still holds open for
        // writing would otherwise be refused with "unable to lock file".
        if (access >= 0) H5Pset_file_locking(access, 0, 1);
#endif
        id = H5Fopen(path, H5F_ACC_RDONLY, access >= 0 ? access : H5P_DEFAULT);
        if (access >= 0) H5Pclose(access);
    }
    wwn_h5_status status = WWN_H5_OK;
    if (id < 0) status = failed("libhdf5 cannot open it", message, message_size);
    else *file = id;
    leave();
    return status;
}

void wwn_h5_close(int64_t file) {
    enter();
    if (file >= 0) H5Fclose((hid_t)file);
    H5Eclear2(H5E_DEFAULT);
    leave();
}

/// H5Oget_info_by_name follows the path; a missing link on the way is an error, so each
/// prefix is checked with H5Lexists first.
static int kind_of(hid_t file, const char *path) {
    if (strcmp(path, "/") == 0 || path[0] == 0) return WWN_H5_GROUP;
    char prefix[4096];
    size_t length = strlen(path);
    if (length >= sizeof prefix) return WWN_H5_NONE;
    for (size_t i = 1; i <= length; i++) {
        if (i == length || path[i] == '/') {
            memcpy(prefix, path, i);
            prefix[i] = 0;
            if (H5Lexists(file, prefix, H5P_DEFAULT) <= 0) return WWN_H5_NONE;
        }
    }
    // H5Iget_type of the opened object: H5Oget_info's signature differs between 1.10 and 1.12.
    hid_t object = H5Oopen(file, path, H5P_DEFAULT);
    if (object < 0) return WWN_H5_NONE;
    H5I_type_t type = H5Iget_type(object);
    H5Oclose(object);
    return type == H5I_GROUP ? WWN_H5_GROUP : type == H5I_DATASET ? WWN_H5_DATASET : WWN_H5_OTHER;
}

int wwn_h5_object_kind(int64_t file, const char *path) {
    enter();
    int kind = kind_of((hid_t)file, path);
    H5Eclear2(H5E_DEFAULT);
    leave();
    return kind;
}

/// Appends `n` bytes and a NUL to a growing buffer; 0 when memory runs out.
static int append(char **buffer, size_t *length, size_t *capacity, const char *text, size_t n) {
    if (*length + n + 1 > *capacity) {
        size_t wanted = (*capacity ? *capacity * 2 : 256);
        while (wanted < *length + n + 1) wanted *= 2;
        char *grown = realloc(*buffer, wanted);
        if (!grown) return 0;
        *buffer = grown;
        *capacity = wanted;
    }
    memcpy(*buffer + *length, text, n);
    (*buffer)[*length + n] = 0;
    *length += n + 1;
    return 1;
}

wwn_h5_status wwn_h5_string_attribute(int64_t file, const char *path, const char *attribute,
                                      char **names, size_t *length, size_t *count,
                                      char *message, size_t message_size) {
    enter();
    *names = NULL;
    *length = 0;
    *count = 0;
    wwn_h5_status status = WWN_H5_OK;
    hid_t object = -1, attr = -1, type = -1, space = -1, memtype = -1;
    size_t capacity = 0;
    if (kind_of((hid_t)file, path) == WWN_H5_NONE || H5Aexists_by_name((hid_t)file, path, attribute, H5P_DEFAULT) <= 0) {
        H5Eclear2(H5E_DEFAULT);
        leave();
        return WWN_H5_MISSING;
    }
    if ((object = H5Oopen((hid_t)file, path, H5P_DEFAULT)) < 0 || (attr = H5Aopen(object, attribute, H5P_DEFAULT)) < 0 ||
        (type = H5Aget_type(attr)) < 0 || (space = H5Aget_space(attr)) < 0) {
        status = failed("cannot open the attribute", message, message_size);
        goto done;
    }
    // An empty list is written with whatever type NumPy gave it (Keras's empty weight_names
    // are float64 arrays of length 0).
    if (H5Sget_simple_extent_npoints(space) == 0) goto done;
    if (H5Tget_class(type) != H5T_STRING || H5Sget_simple_extent_ndims(space) > 1) {
        if (message_size > 0) snprintf(message, message_size, "is not a string or a list of strings");
        status = WWN_H5_WRONG_KIND;
        goto done;
    }
    hssize_t n = H5Sget_simple_extent_npoints(space);
    if (n < 0) { status = failed("has no extent", message, message_size); goto done; }
    if (H5Tis_variable_str(type) > 0) {
        char **strings = calloc((size_t)n + 1, sizeof(char *));
        memtype = H5Tcopy(H5T_C_S1);
        if (!strings || memtype < 0 || H5Tset_size(memtype, H5T_VARIABLE) < 0 || H5Aread(attr, memtype, strings) < 0) {
            free(strings);
            status = failed("cannot read the strings", message, message_size);
            goto done;
        }
        for (hssize_t i = 0; i < n; i++) {
            const char *s = strings[i] ? strings[i] : "";
            if (!append(names, length, &capacity, s, strlen(s))) { status = failed("out of memory", message, message_size); break; }
        }
#if H5_VERSION_GE(1, 12, 0)
        H5Treclaim(memtype, space, H5P_DEFAULT, strings);
#else
        H5Dvlen_reclaim(memtype, space, H5P_DEFAULT, strings);
#endif
        free(strings);
        if (status == WWN_H5_OK) *count = (size_t)n;
    } else {
        size_t size = H5Tget_size(type);
        char *raw = (size > 0 && n > 0) ? malloc((size_t)n * size) : NULL;
        if (n > 0 && !raw) { status = failed("out of memory", message, message_size); goto done; }
        if (n > 0 && H5Aread(attr, type, raw) < 0) {
            free(raw);
            status = failed("cannot read the strings", message, message_size);
            goto done;
        }
        for (hssize_t i = 0; i < n; i++) {
            const char *s = raw + (size_t)i * size;
            size_t used = strnlen(s, size);
            while (used > 0 && s[used - 1] == ' ') used--;  // space-padded strings
            if (!append(names, length, &capacity, s, used)) { status = failed("out of memory", message, message_size); break; }
        }
        free(raw);
        if (status == WWN_H5_OK) *count = (size_t)n;
    }
done:
    if (memtype >= 0) H5Tclose(memtype);
    if (space >= 0) H5Sclose(space);
    if (type >= 0) H5Tclose(type);
    if (attr >= 0) H5Aclose(attr);
    if (object >= 0) H5Oclose(object);
    if (status != WWN_H5_OK) { free(*names); *names = NULL; *length = 0; *count = 0; }
    H5Eclear2(H5E_DEFAULT);
    leave();
    return status;
}

typedef struct {
    char **names;
    size_t *length;
    size_t capacity;
    size_t count;
    int failed;
} member_list;

static herr_t add_member(hid_t group, const char *name, const H5L_info_t *info, void *data) {
    (void)group;
    (void)info;
    member_list *list = data;
    if (!append(list->names, list->length, &list->capacity, name, strlen(name))) { list->failed = 1; return 1; }
    list->count++;
    return 0;
}

wwn_h5_status wwn_h5_group_members(int64_t file, const char *path, char **names, size_t *length,
                                   size_t *count, char *message, size_t message_size) {
    enter();
    *names = NULL;
    *length = 0;
    *count = 0;
    int kind = kind_of((hid_t)file, path);
    if (kind != WWN_H5_GROUP) {
        H5Eclear2(H5E_DEFAULT);
        leave();
        return kind == WWN_H5_NONE ? WWN_H5_MISSING : WWN_H5_WRONG_KIND;
    }
    member_list list = {names, length, 0, 0, 0};
    hsize_t index = 0;
    wwn_h5_status status = WWN_H5_OK;
    if (H5Literate_by_name((hid_t)file, path, H5_INDEX_NAME, H5_ITER_INC, &index, add_member, &list, H5P_DEFAULT) < 0 || list.failed) {
        status = failed("cannot list the group", message, message_size);
        free(*names);
        *names = NULL;
        *length = 0;
    } else {
        *count = list.count;
    }
    H5Eclear2(H5E_DEFAULT);
    leave();
    return status;
}

wwn_h5_status wwn_h5_dataset_info(int64_t file, const char *path, wwn_h5_dataset *info,
                                  char *message, size_t message_size) {
    enter();
    memset(info, 0, sizeof *info);
    wwn_h5_status status = WWN_H5_OK;
    hid_t dataset = -1, type = -1, space = -1, plist = -1;
    int kind = kind_of((hid_t)file, path);
    if (kind != WWN_H5_DATASET) {
        H5Eclear2(H5E_DEFAULT);
        leave();
        return kind == WWN_H5_NONE ? WWN_H5_MISSING : WWN_H5_WRONG_KIND;
    }
    if ((dataset = H5Dopen2((hid_t)file, path, H5P_DEFAULT)) < 0 || (type = H5Dget_type(dataset)) < 0 ||
        (space = H5Dget_space(dataset)) < 0 || (plist = H5Dget_create_plist(dataset)) < 0) {
        status = failed("cannot open the dataset", message, message_size);
        goto done;
    }
    int rank = H5Sget_simple_extent_ndims(space);
    if (rank < 0 || rank > WWN_H5_MAX_RANK) {
        if (rank < 0) status = failed("has no simple dataspace", message, message_size);
        else {
            if (message_size > 0) snprintf(message, message_size, "has %d dimensions, more than %d", rank, WWN_H5_MAX_RANK);
            status = WWN_H5_WRONG_KIND;
        }
        goto done;
    }
    hsize_t dims[WWN_H5_MAX_RANK];
    if (H5Sget_simple_extent_dims(space, dims, NULL) < 0) { status = failed("cannot read the dimensions", message, message_size); goto done; }
    info->rank = rank;
    for (int i = 0; i < rank; i++) info->dims[i] = dims[i];
    H5T_class_t class = H5Tget_class(type);
    info->element_class = class == H5T_FLOAT ? WWN_H5_FLOAT : class == H5T_INTEGER ? WWN_H5_INTEGER : WWN_H5_NOT_NUMERIC;
    info->element_size = H5Tget_size(type);
    info->is_signed = class == H5T_INTEGER && H5Tget_sign(type) == H5T_SGN_2;
    info->storage_size = H5Dget_storage_size(dataset);
    info->filter_count = H5Pget_nfilters(plist);
    if (info->filter_count < 0) status = failed("cannot read the filter pipeline", message, message_size);
done:
    if (plist >= 0) H5Pclose(plist);
    if (space >= 0) H5Sclose(space);
    if (type >= 0) H5Tclose(type);
    if (dataset >= 0) H5Dclose(dataset);
    H5Eclear2(H5E_DEFAULT);
    leave();
    return status;
}

wwn_h5_status wwn_h5_read(int64_t file, const char *path, int kind, void *buffer, size_t byte_count,
                          char *message, size_t message_size) {
    enter();
    wwn_h5_status status = WWN_H5_OK;
    hid_t dataset = -1, space = -1;
    hid_t memtype = kind == 0 ? H5T_IEEE_F32LE : kind == 1 ? H5T_IEEE_F64LE : H5T_STD_I64LE;
    size_t size = kind == 0 ? 4 : 8;
    if ((dataset = H5Dopen2((hid_t)file, path, H5P_DEFAULT)) < 0 || (space = H5Dget_space(dataset)) < 0) {
        status = failed("cannot open the dataset", message, message_size);
        goto done;
    }
    hssize_t n = H5Sget_simple_extent_npoints(space);
    if (n < 0 || (size_t)n > byte_count / size || (size_t)n * size != byte_count) {
        if (message_size > 0) snprintf(message, message_size, "holds %lld elements, not the %zu expected", (long long)n, byte_count / size);
        status = WWN_H5_WRONG_KIND;
        goto done;
    }
    if (n > 0 && H5Dread(dataset, memtype, H5S_ALL, H5S_ALL, H5P_DEFAULT, buffer) < 0) {
        status = failed("cannot read the data", message, message_size);
    }
done:
    if (space >= 0) H5Sclose(space);
    if (dataset >= 0) H5Dclose(dataset);
    H5Eclear2(H5E_DEFAULT);
    leave();
    return status;
}

void wwn_h5_free(void *pointer) { free(pointer); }
