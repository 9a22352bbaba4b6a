// Installs a second platform version, 0.0.1-it, into the local repository: the same tiles
// with a marker property, and a BOM on an older Micronaut platform (4.10.12, core 4.10.21).
def repo = new File(localRepositoryPath, 'io/github/mnplatform')
def alt = '0.0.1-it'

['micronaut-tile', 'jib-tile'].each { tile ->
    def from = new File(repo, "${tile}/${platformVersion}")
    def to = new File(repo, "${tile}/${alt}")
    to.mkdirs()
    new File(to, "${tile}-${alt}.pom").text =
        "<project><modelVersion>4.0.0</modelVersion><groupId>io.github.mnplatform</groupId>" +
        "<artifactId>${tile}</artifactId><version>${alt}</version><packaging>tile</packaging></project>\n"
    // The tiles' own Maven plugin stays at the version built here: it is not what this scenario switches.
    new File(to, "${tile}-${alt}.xml").text =
        new File(from, "${tile}-${platformVersion}.xml").text
            .replace('<properties>', "<properties>\n    <it.${tile}.marker>${alt}</it.${tile}.marker>")
            .replace('<artifactId>platform-maven-plugin</artifactId>\n        <version>${platform.version}</version>',
                     "<artifactId>platform-maven-plugin</artifactId>\n        <version>${platformVersion}</version>")
}

def bomDir = new File(repo, "platform-bom/${alt}")
bomDir.mkdirs()
new File(bomDir, "platform-bom-${alt}.pom").text = """<?xml version="1.0" encoding="UTF-8"?>
<project>
  <modelVersion>4.0.0</modelVersion>
  <groupId>io.github.mnplatform</groupId>
  <artifactId>platform-bom</artifactId>
  <version>${alt}</version>
  <packaging>pom</packaging>
  <dependencyManagement>
    <dependencies>
      <dependency>
        <groupId>io.micronaut.platform</groupId>
        <artifactId>micronaut-platform</artifactId>
        <version>4.10.12</version>
        <type>pom</type>
        <scope>import</scope>
      </dependency>
    </dependencies>
  </dependencyManagement>
</project>
"""
return true
