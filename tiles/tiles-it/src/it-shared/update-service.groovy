// The service of the update-* scenarios, shared by their prebuild scripts: its provenance at
// templateVersion (the platform version unless the scenario sets another), its own line in
// .gitignore, all committed to a git repository of its own (none when the scenario sets
// withoutGit).
String version = binding.hasVariable('templateVersion') ? templateVersion : platformVersion
new File(basedir, '.platform-template.properties').text = """template=io.github.mnplatform:service-template
template.version=${version}
template.origin=archetype
answer.groupId=com.acme
answer.artifactId=orders
answer.version=0.1.0-SNAPSHOT
answer.package=com.acme.orders
answer.serviceName=Orders of Acme
answer.port=8181
answer.platformOrg=${platformOrg}
answer.features=none
"""
new File(basedir, '.gitignore').text = 'target/\nlocal.env\n'
if (binding.hasVariable('withoutGit')) {
    return
}
def git = { String... args ->
    def process = (['git', '-c', 'user.name=it', '-c', 'user.email=it@example.com'] + args.toList()).execute(null, basedir)
    assert process.waitFor() == 0 : process.err.text
}
git('init', '-q')
// The invoker's own log is no file of the service.
new File(basedir, '.git/info/exclude') << 'build.log\n'
git('add', '-A')
git('commit', '-q', '-m', 'service')
