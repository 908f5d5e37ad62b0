// Replays fuzz inputs through LLVMFuzzerTestOneInput without libFuzzer (CI:
// the meson test 'fuzz-replay' runs it over fuzz/corpus with any compiler).
//   fuzz_replay [--every N] FILE_OR_DIR...    (--every N: only every Nth input, for slow
//                                              runs such as valgrind)
#include <dirent.h>
#include <sys/stat.h>
#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size);

static bool readFile(const std::string& path, std::vector<uint8_t>& out) {
    FILE* f = std::fopen(path.c_str(), "rb");
    if (!f) return false;
    out.clear();
    uint8_t buf[4096];
    size_t n;
    while ((n = std::fread(buf, 1, sizeof buf, f)) > 0) out.insert(out.end(), buf, buf + n);
    std::fclose(f);
    return true;
}

int main(int argc, char** argv) {
    std::vector<std::string> files;
    size_t every = 1;
    for (int i = 1; i < argc; ++i) {
        if (std::string(argv[i]) == "--every" && i + 1 < argc) {
            every = std::stoul(argv[++i]);
            if (every == 0) every = 1;
            continue;
        }
        struct stat st;
        if (stat(argv[i], &st) != 0) {
            std::perror(argv[i]);
            return 2;
        }
        if (S_ISDIR(st.st_mode)) {
            DIR* d = opendir(argv[i]);
            std::vector<std::string> v;
            while (dirent* e = readdir(d))
                if (e->d_name[0] != '.') v.push_back(std::string(argv[i]) + "/" + e->d_name);
            closedir(d);
            std::sort(v.begin(), v.end());
            files.insert(files.end(), v.begin(), v.end());
        } else {
            files.push_back(argv[i]);
        }
    }
    if (every > 1) {
        std::vector<std::string> some;
        for (size_t i = 0; i < files.size(); i += every) some.push_back(files[i]);
        files.swap(some);
    }
    std::vector<uint8_t> data;
    size_t bytes = 0;
    for (const auto& f : files) {
        if (!readFile(f, data)) {
            std::perror(f.c_str());
            return 2;
        }
        bytes += data.size();
        LLVMFuzzerTestOneInput(data.data(), data.size());
    }
    std::printf("fuzz_replay: %zu inputs (%zu bytes) replayed, all invariants held\n", files.size(), bytes);
    if (files.empty()) {
        std::fprintf(stderr, "fuzz_replay: no inputs\n");
        return 1;
    }
    return 0;
}
