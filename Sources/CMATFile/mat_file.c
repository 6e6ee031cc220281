// MAT-file reading through libmatio with errors returned, not aborted on (see the header).
#include "wwn_mat_file.h"

#include <matio.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/// The reading thread's place to jump to and its last message: matio's log function is
/// process-wide, so its state is per thread.
static _Thread_local jmp_buf *reading = NULL;
static _Thread_local char last_message[512];

/// matio's log levels (io.c): 1 error (then abort), 2 critical, 4 warning, 8 message, 16 debug.
static void on_log(int level, char *message) {
    if (level & (1 | 2 | 4)) snprintf(last_message, sizeof last_message, "%s", message ? message : "");
    if ((level & 1) && reading) longjmp(*reading, 1);
}

static void copy_message(char *message, size_t message_size) {
    if (message_size > 0) snprintf(message, message_size, "%s", last_message);
}

wwn_mat_status wwn_mat_read(const char *path, const char *name, size_t max_bytes, wwn_mat_array *array,
                            int *file_version, char *message, size_t message_size) {
    jmp_buf jump;
    // Written between setjmp and a possible longjmp, so volatile.
    mat_t *volatile mat = NULL;
    matvar_t *volatile var = NULL;
    memset(array, 0, sizeof *array);
    *file_version = 0;
    last_message[0] = 0;
    if (message_size > 0) message[0] = 0;
    Mat_LogInitFunc("wwn", on_log);
    reading = &jump;
    if (setjmp(jump)) {
        // A fatal matio error: what it allocated for this read leaks (it has no cleanup path
        // after its error call); the file is closed if it was opened.
        reading = NULL;
        copy_message(message, message_size);
        if (mat) Mat_Close(mat);
        return WWN_MAT_CORRUPT;
    }
    mat = Mat_Open(path, MAT_ACC_RDONLY);
    if (!mat) {
        reading = NULL;
        copy_message(message, message_size);
        return WWN_MAT_NOT_MAT;
    }
    *file_version = (int)Mat_GetVersion(mat);
    var = Mat_VarReadInfo(mat, name);
    if (!var) {
        reading = NULL;
        copy_message(message, message_size);
        Mat_Close(mat);
        return last_message[0] ? WWN_MAT_CORRUPT : WWN_MAT_NO_VARIABLE;
    }
    wwn_mat_status status = WWN_MAT_OK;
    size_t count = 1;
    if (var->class_type < MAT_C_DOUBLE || var->class_type > MAT_C_UINT64 || var->isComplex || var->rank < 1 || var->rank > 16) {
        status = WWN_MAT_NOT_NUMERIC;
    } else {
        for (int k = 0; k < var->rank; k++) {
            if (var->dims[k] != 0 && count > (size_t)-1 / var->dims[k]) { status = WWN_MAT_TOO_LARGE; break; }
            count *= var->dims[k];
        }
        size_t element = (var->class_type == MAT_C_DOUBLE || var->class_type >= MAT_C_INT64) ? 8
                       : (var->class_type == MAT_C_SINGLE || var->class_type >= MAT_C_INT32) ? 4
                       : (var->class_type >= MAT_C_INT16) ? 2 : 1;
        if (status == WWN_MAT_OK && count > max_bytes / element) status = WWN_MAT_TOO_LARGE;
        array->element_size = element;
    }
    if (status != WWN_MAT_OK) {
        snprintf(message, message_size, "class %d, rank %d", (int)var->class_type, var->rank);
        array->class_type = (int)var->class_type;
        array->rank = var->rank > 16 ? 16 : var->rank;
        for (int k = 0; k < array->rank; k++) array->dims[k] = var->dims[k];
        reading = NULL;
        Mat_VarFree(var);
        Mat_Close(mat);
        return status;
    }
    Mat_VarFree(var);
    var = Mat_VarRead(mat, name);
    if (!var || (count > 0 && !var->data)) {
        reading = NULL;
        copy_message(message, message_size);
        if (var) Mat_VarFree(var);
        Mat_Close(mat);
        return WWN_MAT_CORRUPT;
    }
    reading = NULL;
    array->rank = var->rank;
    for (int k = 0; k < var->rank; k++) array->dims[k] = var->dims[k];
    array->class_type = (int)var->class_type;
    array->count = count;
    array->data = malloc(count * array->element_size + 1);
    if (array->data && count > 0) memcpy(array->data, var->data, count * array->element_size);
    Mat_VarFree(var);
    Mat_Close(mat);
    if (!array->data) {
        snprintf(message, message_size, "out of memory");
        return WWN_MAT_TOO_LARGE;
    }
    return WWN_MAT_OK;
}

void wwn_mat_array_free(wwn_mat_array *array) {
    free(array->data);
    array->data = NULL;
}
