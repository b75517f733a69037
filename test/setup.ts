// Loaded by mocha before every test file (.mocharc.json). TypeORM entities need decorator metadata.
import 'reflect-metadata'
