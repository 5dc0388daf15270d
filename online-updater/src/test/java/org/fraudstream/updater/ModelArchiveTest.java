package org.fraudstream.updater;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.fraudstream.model.ModelUpdate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelArchiveTest {

    @TempDir
    Path dir;

    private static ModelUpdate version(String name) {
        final ModelUpdate root = TestBundles.base().root();
        return new ModelUpdate(name, root.version(), "2026-01-01T00:00:00Z", root.featuresVersion(),
                root.featuresHash(), root.featureNames(), root.sgd(), 1, ModelUpdate.Gate.none());
    }

    @Test
    void shouldReadBackWhatItWroteAndNothingElse() {
        final ModelArchive archive = new ModelArchive(dir.resolve("new"));
        final ModelUpdate u = version("sgd-online-12-00aa00aa");

        archive.save(u);

        assertThat(archive.load(u.version())).contains(u);
        assertThat(archive.load("sgd-online-13-00aa00aa")).isEmpty();
        assertThat(Files.exists(archive.file(u.version()))).isTrue();
    }

    @Test
    void shouldFindTheHighestOnlineNumberAmongTheFileNames() throws Exception {
        final ModelArchive archive = new ModelArchive(dir);
        archive.save(version("sgd-online-9-00aa00aa"));
        archive.save(version("sgd-online-12-00bb00bb"));
        archive.save(version("sgd-rollback-20260101000000000-00aa00aa"));
        Files.writeString(dir.resolve("notes.txt"), "not a version");

        assertThat(archive.highestOnlineNumber()).hasValue(12);
        assertThat(new ModelArchive(dir.resolve("missing")).highestOnlineNumber()).isEmpty();
        assertThat(ModelArchive.onlineNumber("sgd-online-x-1")).isEmpty();
    }

    @Test
    void shouldNotReplaceAVersionThatIsAlreadyThereWhenAskedToSaveIfAbsent() throws Exception {
        final ModelArchive archive = new ModelArchive(dir);
        final ModelUpdate u = version("v1");
        archive.save(u);
        final long before = Files.getLastModifiedTime(archive.file("v1")).toMillis();
        Files.setLastModifiedTime(archive.file("v1"), java.nio.file.attribute.FileTime.fromMillis(before - 60_000));

        archive.saveIfAbsent(u);

        assertThat(Files.getLastModifiedTime(archive.file("v1")).toMillis()).isEqualTo(before - 60_000);
    }
}
