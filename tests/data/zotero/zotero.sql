-- zotero.sql - the fixture Zotero 7 library of tests/data/zotero (make.sh builds
-- zotero.sqlite from it with the sqlite3 tool; see README).
--
-- Tables: as Zotero's resource/schema/userdata.sql defines them, schema
-- version 129 (and charsets from resource/schema/system.sql, version 32),
-- only the ones a reader of items needs.  Item type, field and creator type
-- ids: as system-107.sql numbers them (as in a library begun by an early
-- Zotero 5 and upgraded since), then, for the names Zotero's global schema (version 41) has
-- and system-107.sql lacks, MAX(id)+1 in the order Schema._updateGlobalSchema()
-- meets them (citationKey, annotation, preprint ...).  A database Zotero 7
-- creates new numbers them all in that order instead (title = 1,
-- journalArticle = 22): a reader must look ids up by name.
--
-- @LINKED@ stands for the absolute path of the linked file; make.sh puts it in.
PRAGMA page_size = 4096;
PRAGMA encoding = 'UTF-8';
BEGIN TRANSACTION;

CREATE TABLE version (
    schema TEXT PRIMARY KEY,
    version INT NOT NULL
);
CREATE INDEX schema ON version(schema);

CREATE TABLE settings (
    setting TEXT,
    key TEXT,
    value,
    PRIMARY KEY (setting, key)
);

CREATE TABLE libraries (
    libraryID INTEGER PRIMARY KEY,
    type TEXT NOT NULL,
    editable INT NOT NULL,
    filesEditable INT NOT NULL,
    version INT NOT NULL DEFAULT 0,
    clientVersion INT NOT NULL DEFAULT 0,
    storageVersion INT NOT NULL DEFAULT 0,
    lastSync INT NOT NULL DEFAULT 0,
    archived INT NOT NULL DEFAULT 0,
    isAdmin INT NOT NULL DEFAULT 0
);

CREATE TABLE itemTypes (
    itemTypeID INTEGER PRIMARY KEY,
    typeName TEXT,
    templateItemTypeID INT,
    display INT DEFAULT 1 -- 0 == hide, 1 == display, 2 == primary
);

CREATE TABLE itemTypesCombined (
    itemTypeID INT NOT NULL,
    typeName TEXT NOT NULL,
    display INT DEFAULT 1 NOT NULL,
    custom INT NOT NULL,
    PRIMARY KEY (itemTypeID)
);

CREATE TABLE fields (
    fieldID INTEGER PRIMARY KEY,
    fieldName TEXT,
    fieldFormatID INT,
    FOREIGN KEY (fieldFormatID) REFERENCES fieldFormats(fieldFormatID)
);

CREATE TABLE fieldsCombined (
    fieldID INT NOT NULL,
    fieldName TEXT NOT NULL,
    label TEXT,
    fieldFormatID INT,
    custom INT NOT NULL,
    PRIMARY KEY (fieldID)
);

CREATE TABLE baseFieldMappings (
    itemTypeID INT,
    baseFieldID INT,
    fieldID INT,
    PRIMARY KEY (itemTypeID, baseFieldID, fieldID),
    FOREIGN KEY (itemTypeID) REFERENCES itemTypes(itemTypeID),
    FOREIGN KEY (baseFieldID) REFERENCES fields(fieldID),
    FOREIGN KEY (fieldID) REFERENCES fields(fieldID)
);
CREATE INDEX baseFieldMappings_baseFieldID ON baseFieldMappings(baseFieldID);
CREATE INDEX baseFieldMappings_fieldID ON baseFieldMappings(fieldID);

CREATE TABLE baseFieldMappingsCombined (
    itemTypeID INT,
    baseFieldID INT,
    fieldID INT,
    PRIMARY KEY (itemTypeID, baseFieldID, fieldID)
);
CREATE INDEX baseFieldMappingsCombined_baseFieldID ON baseFieldMappingsCombined(baseFieldID);
CREATE INDEX baseFieldMappingsCombined_fieldID ON baseFieldMappingsCombined(fieldID);

CREATE TABLE creatorTypes (
    creatorTypeID INTEGER PRIMARY KEY,
    creatorType TEXT
);

CREATE TABLE charsets (
    charsetID INTEGER PRIMARY KEY,
    charset TEXT UNIQUE
);
CREATE INDEX charsets_charset ON charsets(charset);

CREATE TABLE items (
    itemID INTEGER PRIMARY KEY,
    itemTypeID INT NOT NULL,
    dateAdded TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
    dateModified TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
    clientDateModified TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
    libraryID INT NOT NULL,
    key TEXT NOT NULL,
    version INT NOT NULL DEFAULT 0,
    clientVersion INT NOT NULL DEFAULT 0,
    synced INT NOT NULL DEFAULT 0,
    UNIQUE (libraryID, key),
    FOREIGN KEY (libraryID) REFERENCES libraries(libraryID) ON DELETE CASCADE
);
CREATE INDEX items_synced ON items(synced);

CREATE TABLE itemDataValues (
    valueID INTEGER PRIMARY KEY,
    value UNIQUE,
    valueNormalized TEXT
);

CREATE TABLE itemData (
    itemID INT,
    fieldID INT,
    valueID,
    PRIMARY KEY (itemID, fieldID),
    FOREIGN KEY (itemID) REFERENCES items(itemID) ON DELETE CASCADE,
    FOREIGN KEY (fieldID) REFERENCES fieldsCombined(fieldID),
    FOREIGN KEY (valueID) REFERENCES itemDataValues(valueID)
);
CREATE INDEX itemData_fieldID ON itemData(fieldID);
CREATE INDEX itemData_valueID ON itemData(valueID);

CREATE TABLE itemNotes (
    itemID INTEGER PRIMARY KEY,
    parentItemID INT,
    note TEXT,
    title TEXT,
    FOREIGN KEY (itemID) REFERENCES items(itemID) ON DELETE CASCADE,
    FOREIGN KEY (parentItemID) REFERENCES items(itemID) ON DELETE CASCADE
);
CREATE INDEX itemNotes_parentItemID ON itemNotes(parentItemID);

CREATE TABLE itemAttachments (
    itemID INTEGER PRIMARY KEY,
    parentItemID INT,
    linkMode INT,
    contentType TEXT,
    charsetID INT,
    path TEXT,
    syncState INT DEFAULT 0,
    storageModTime INT,
    storageHash TEXT,
    lastProcessedModificationTime INT,
    lastRead INT,
    FOREIGN KEY (itemID) REFERENCES items(itemID) ON DELETE CASCADE,
    FOREIGN KEY (parentItemID) REFERENCES items(itemID) ON DELETE CASCADE,
    FOREIGN KEY (charsetID) REFERENCES charsets(charsetID) ON DELETE SET NULL
);
CREATE INDEX itemAttachments_parentItemID ON itemAttachments(parentItemID);
CREATE INDEX itemAttachments_charsetID ON itemAttachments(charsetID);
CREATE INDEX itemAttachments_contentType ON itemAttachments(contentType);
CREATE INDEX itemAttachments_syncState ON itemAttachments(syncState);
CREATE INDEX itemAttachments_lastProcessedModificationTime ON itemAttachments(lastProcessedModificationTime);
CREATE INDEX itemAttachments_lastRead ON itemAttachments(lastRead);

CREATE TABLE creators (
    creatorID INTEGER PRIMARY KEY,
    firstName TEXT,
    lastName TEXT,
    fieldMode INT,
    firstNameNormalized TEXT,
    lastNameNormalized TEXT,
    UNIQUE (lastName, firstName, fieldMode)
);

CREATE TABLE itemCreators (
    itemID INT NOT NULL,
    creatorID INT NOT NULL,
    creatorTypeID INT NOT NULL DEFAULT 1,
    orderIndex INT NOT NULL DEFAULT 0,
    PRIMARY KEY (itemID, creatorID, creatorTypeID, orderIndex),
    UNIQUE (itemID, orderIndex),
    FOREIGN KEY (itemID) REFERENCES items(itemID) ON DELETE CASCADE,
    FOREIGN KEY (creatorID) REFERENCES creators(creatorID) ON DELETE CASCADE,
    FOREIGN KEY (creatorTypeID) REFERENCES creatorTypes(creatorTypeID)
);
CREATE INDEX itemCreators_creatorTypeID ON itemCreators(creatorTypeID);

CREATE TABLE collections (
    collectionID INTEGER PRIMARY KEY,
    collectionName TEXT NOT NULL,
    parentCollectionID INT DEFAULT NULL,
    clientDateModified TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
    libraryID INT NOT NULL,
    key TEXT NOT NULL,
    version INT NOT NULL DEFAULT 0,
    clientVersion INT NOT NULL DEFAULT 0,
    synced INT NOT NULL DEFAULT 0,
    UNIQUE (libraryID, key),
    FOREIGN KEY (libraryID) REFERENCES libraries(libraryID) ON DELETE CASCADE,
    FOREIGN KEY (parentCollectionID) REFERENCES collections(collectionID) ON DELETE CASCADE
);
CREATE INDEX collections_synced ON collections(synced);

CREATE TABLE collectionItems (
    collectionID INT NOT NULL,
    itemID INT NOT NULL,
    orderIndex INT NOT NULL DEFAULT 0,
    PRIMARY KEY (collectionID, itemID),
    FOREIGN KEY (collectionID) REFERENCES collections(collectionID) ON DELETE CASCADE,
    FOREIGN KEY (itemID) REFERENCES items(itemID) ON DELETE CASCADE
);
CREATE INDEX collectionItems_itemID ON collectionItems(itemID);

CREATE TABLE deletedItems (
    itemID INTEGER PRIMARY KEY,
    dateDeleted DEFAULT CURRENT_TIMESTAMP NOT NULL,
    FOREIGN KEY (itemID) REFERENCES items(itemID) ON DELETE CASCADE
);
CREATE INDEX deletedItems_dateDeleted ON deletedItems(dateDeleted);

-- Schema versions, as Schema._initializeSchema() and later updates record them
INSERT INTO version VALUES ('compatibility', 9);
INSERT INTO version VALUES ('globalSchema', 41);
INSERT INTO version VALUES ('repository', 1784134360);
INSERT INTO version VALUES ('styles', 1784134360);
INSERT INTO version VALUES ('system', 32);
INSERT INTO version VALUES ('translators', 1784134360);
INSERT INTO version VALUES ('triggers', 18);
INSERT INTO version VALUES ('userdata', 129);

INSERT INTO settings VALUES ('client', 'lastVersion', '7.0.0');
INSERT INTO settings VALUES ('client', 'lastCompatibleVersion', '7.0.0');

INSERT INTO libraries (libraryID, type, editable, filesEditable) VALUES (1, 'user', 1, 1);

-- Item types, fields, creator types
INSERT INTO itemTypes VALUES (1,'note',NULL,0);
INSERT INTO itemTypes VALUES (2,'book',NULL,2);
INSERT INTO itemTypes VALUES (3,'bookSection',2,2);
INSERT INTO itemTypes VALUES (4,'journalArticle',NULL,2);
INSERT INTO itemTypes VALUES (5,'magazineArticle',NULL,2);
INSERT INTO itemTypes VALUES (6,'newspaperArticle',NULL,2);
INSERT INTO itemTypes VALUES (7,'thesis',NULL,1);
INSERT INTO itemTypes VALUES (8,'letter',NULL,1);
INSERT INTO itemTypes VALUES (9,'manuscript',NULL,1);
INSERT INTO itemTypes VALUES (10,'interview',NULL,1);
INSERT INTO itemTypes VALUES (11,'film',NULL,1);
INSERT INTO itemTypes VALUES (12,'artwork',NULL,1);
INSERT INTO itemTypes VALUES (13,'webpage',NULL,0);
INSERT INTO itemTypes VALUES (14,'attachment',NULL,0);
INSERT INTO itemTypes VALUES (15,'report',NULL,1);
INSERT INTO itemTypes VALUES (16,'bill',NULL,1);
INSERT INTO itemTypes VALUES (17,'case',NULL,1);
INSERT INTO itemTypes VALUES (18,'hearing',NULL,1);
INSERT INTO itemTypes VALUES (19,'patent',NULL,1);
INSERT INTO itemTypes VALUES (20,'statute',NULL,1);
INSERT INTO itemTypes VALUES (21,'email',NULL,1);
INSERT INTO itemTypes VALUES (22,'map',NULL,1);
INSERT INTO itemTypes VALUES (23,'blogPost',NULL,1);
INSERT INTO itemTypes VALUES (24,'instantMessage',NULL,1);
INSERT INTO itemTypes VALUES (25,'forumPost',NULL,1);
INSERT INTO itemTypes VALUES (26,'audioRecording',NULL,1);
INSERT INTO itemTypes VALUES (27,'presentation',NULL,1);
INSERT INTO itemTypes VALUES (28,'videoRecording',NULL,1);
INSERT INTO itemTypes VALUES (29,'tvBroadcast',NULL,1);
INSERT INTO itemTypes VALUES (30,'radioBroadcast',NULL,1);
INSERT INTO itemTypes VALUES (31,'podcast',NULL,1);
INSERT INTO itemTypes VALUES (32,'computerProgram',NULL,1);
INSERT INTO itemTypes VALUES (33,'conferencePaper',NULL,1);
INSERT INTO itemTypes VALUES (34,'document',NULL,2);
INSERT INTO itemTypes VALUES (35,'encyclopediaArticle',NULL,1);
INSERT INTO itemTypes VALUES (36,'dictionaryEntry',NULL,1);
INSERT INTO itemTypes VALUES (37,'annotation',NULL,1);
INSERT INTO itemTypes VALUES (38,'dataset',NULL,1);
INSERT INTO itemTypes VALUES (39,'preprint',NULL,1);
INSERT INTO itemTypes VALUES (40,'standard',NULL,1);
INSERT INTO fields VALUES (1,'url',NULL);
INSERT INTO fields VALUES (2,'rights',NULL);
INSERT INTO fields VALUES (3,'series',NULL);
INSERT INTO fields VALUES (4,'volume',NULL);
INSERT INTO fields VALUES (5,'issue',NULL);
INSERT INTO fields VALUES (6,'edition',NULL);
INSERT INTO fields VALUES (7,'place',NULL);
INSERT INTO fields VALUES (8,'publisher',NULL);
INSERT INTO fields VALUES (10,'pages',NULL);
INSERT INTO fields VALUES (11,'ISBN',NULL);
INSERT INTO fields VALUES (12,'publicationTitle',NULL);
INSERT INTO fields VALUES (13,'ISSN',NULL);
INSERT INTO fields VALUES (14,'date',NULL);
INSERT INTO fields VALUES (15,'section',NULL);
INSERT INTO fields VALUES (18,'callNumber',NULL);
INSERT INTO fields VALUES (19,'archiveLocation',NULL);
INSERT INTO fields VALUES (21,'distributor',NULL);
INSERT INTO fields VALUES (22,'extra',NULL);
INSERT INTO fields VALUES (25,'journalAbbreviation',NULL);
INSERT INTO fields VALUES (26,'DOI',NULL);
INSERT INTO fields VALUES (27,'accessDate',NULL);
INSERT INTO fields VALUES (28,'seriesTitle',NULL);
INSERT INTO fields VALUES (29,'seriesText',NULL);
INSERT INTO fields VALUES (30,'seriesNumber',NULL);
INSERT INTO fields VALUES (31,'institution',NULL);
INSERT INTO fields VALUES (32,'reportType',NULL);
INSERT INTO fields VALUES (36,'code',NULL);
INSERT INTO fields VALUES (40,'session',NULL);
INSERT INTO fields VALUES (41,'legislativeBody',NULL);
INSERT INTO fields VALUES (42,'history',NULL);
INSERT INTO fields VALUES (43,'reporter',NULL);
INSERT INTO fields VALUES (44,'court',NULL);
INSERT INTO fields VALUES (45,'numberOfVolumes',NULL);
INSERT INTO fields VALUES (46,'committee',NULL);
INSERT INTO fields VALUES (48,'assignee',NULL);
INSERT INTO fields VALUES (50,'patentNumber',NULL);
INSERT INTO fields VALUES (51,'priorityNumbers',NULL);
INSERT INTO fields VALUES (52,'issueDate',NULL);
INSERT INTO fields VALUES (53,'references',NULL);
INSERT INTO fields VALUES (54,'legalStatus',NULL);
INSERT INTO fields VALUES (55,'codeNumber',NULL);
INSERT INTO fields VALUES (59,'artworkMedium',NULL);
INSERT INTO fields VALUES (60,'number',NULL);
INSERT INTO fields VALUES (61,'artworkSize',NULL);
INSERT INTO fields VALUES (62,'libraryCatalog',NULL);
INSERT INTO fields VALUES (63,'videoRecordingFormat',NULL);
INSERT INTO fields VALUES (64,'interviewMedium',NULL);
INSERT INTO fields VALUES (65,'letterType',NULL);
INSERT INTO fields VALUES (66,'manuscriptType',NULL);
INSERT INTO fields VALUES (67,'mapType',NULL);
INSERT INTO fields VALUES (68,'scale',NULL);
INSERT INTO fields VALUES (69,'thesisType',NULL);
INSERT INTO fields VALUES (70,'websiteType',NULL);
INSERT INTO fields VALUES (71,'audioRecordingFormat',NULL);
INSERT INTO fields VALUES (72,'label',NULL);
INSERT INTO fields VALUES (74,'presentationType',NULL);
INSERT INTO fields VALUES (75,'meetingName',NULL);
INSERT INTO fields VALUES (76,'studio',NULL);
INSERT INTO fields VALUES (77,'runningTime',NULL);
INSERT INTO fields VALUES (78,'network',NULL);
INSERT INTO fields VALUES (79,'postType',NULL);
INSERT INTO fields VALUES (80,'audioFileType',NULL);
INSERT INTO fields VALUES (81,'versionNumber',NULL);
INSERT INTO fields VALUES (82,'system',NULL);
INSERT INTO fields VALUES (83,'company',NULL);
INSERT INTO fields VALUES (84,'conferenceName',NULL);
INSERT INTO fields VALUES (85,'encyclopediaTitle',NULL);
INSERT INTO fields VALUES (86,'dictionaryTitle',NULL);
INSERT INTO fields VALUES (87,'language',NULL);
INSERT INTO fields VALUES (88,'programmingLanguage',NULL);
INSERT INTO fields VALUES (89,'university',NULL);
INSERT INTO fields VALUES (90,'abstractNote',NULL);
INSERT INTO fields VALUES (91,'websiteTitle',NULL);
INSERT INTO fields VALUES (92,'reportNumber',NULL);
INSERT INTO fields VALUES (93,'billNumber',NULL);
INSERT INTO fields VALUES (94,'codeVolume',NULL);
INSERT INTO fields VALUES (95,'codePages',NULL);
INSERT INTO fields VALUES (96,'dateDecided',NULL);
INSERT INTO fields VALUES (97,'reporterVolume',NULL);
INSERT INTO fields VALUES (98,'firstPage',NULL);
INSERT INTO fields VALUES (99,'documentNumber',NULL);
INSERT INTO fields VALUES (100,'dateEnacted',NULL);
INSERT INTO fields VALUES (101,'publicLawNumber',NULL);
INSERT INTO fields VALUES (102,'country',NULL);
INSERT INTO fields VALUES (103,'applicationNumber',NULL);
INSERT INTO fields VALUES (104,'forumTitle',NULL);
INSERT INTO fields VALUES (105,'episodeNumber',NULL);
INSERT INTO fields VALUES (107,'blogTitle',NULL);
INSERT INTO fields VALUES (108,'type',NULL);
INSERT INTO fields VALUES (109,'medium',NULL);
INSERT INTO fields VALUES (110,'title',NULL);
INSERT INTO fields VALUES (111,'caseName',NULL);
INSERT INTO fields VALUES (112,'nameOfAct',NULL);
INSERT INTO fields VALUES (113,'subject',NULL);
INSERT INTO fields VALUES (114,'proceedingsTitle',NULL);
INSERT INTO fields VALUES (115,'bookTitle',NULL);
INSERT INTO fields VALUES (116,'shortTitle',NULL);
INSERT INTO fields VALUES (117,'docketNumber',NULL);
INSERT INTO fields VALUES (118,'numPages',NULL);
INSERT INTO fields VALUES (119,'programTitle',NULL);
INSERT INTO fields VALUES (120,'issuingAuthority',NULL);
INSERT INTO fields VALUES (121,'filingDate',NULL);
INSERT INTO fields VALUES (122,'genre',NULL);
INSERT INTO fields VALUES (123,'archive',NULL);
INSERT INTO fields VALUES (124,'eventPlace',NULL);
INSERT INTO fields VALUES (125,'citationKey',NULL);
INSERT INTO fields VALUES (126,'authority',NULL);
INSERT INTO fields VALUES (127,'originalDate',NULL);
INSERT INTO fields VALUES (128,'originalPublisher',NULL);
INSERT INTO fields VALUES (129,'originalPlace',NULL);
INSERT INTO fields VALUES (130,'format',NULL);
INSERT INTO fields VALUES (131,'identifier',NULL);
INSERT INTO fields VALUES (132,'repository',NULL);
INSERT INTO fields VALUES (133,'repositoryLocation',NULL);
INSERT INTO fields VALUES (134,'partNumber',NULL);
INSERT INTO fields VALUES (135,'partTitle',NULL);
INSERT INTO fields VALUES (136,'PMID',NULL);
INSERT INTO fields VALUES (137,'PMCID',NULL);
INSERT INTO fields VALUES (138,'priorityDate',NULL);
INSERT INTO fields VALUES (139,'status',NULL);
INSERT INTO fields VALUES (140,'archiveID',NULL);
INSERT INTO fields VALUES (141,'sessionTitle',NULL);
INSERT INTO fields VALUES (142,'organization',NULL);
INSERT INTO creatorTypes VALUES (1,'author');
INSERT INTO creatorTypes VALUES (2,'contributor');
INSERT INTO creatorTypes VALUES (3,'editor');
INSERT INTO creatorTypes VALUES (4,'translator');
INSERT INTO creatorTypes VALUES (5,'seriesEditor');
INSERT INTO creatorTypes VALUES (6,'interviewee');
INSERT INTO creatorTypes VALUES (7,'interviewer');
INSERT INTO creatorTypes VALUES (8,'director');
INSERT INTO creatorTypes VALUES (9,'scriptwriter');
INSERT INTO creatorTypes VALUES (10,'producer');
INSERT INTO creatorTypes VALUES (11,'castMember');
INSERT INTO creatorTypes VALUES (12,'sponsor');
INSERT INTO creatorTypes VALUES (13,'counsel');
INSERT INTO creatorTypes VALUES (14,'inventor');
INSERT INTO creatorTypes VALUES (15,'attorneyAgent');
INSERT INTO creatorTypes VALUES (16,'recipient');
INSERT INTO creatorTypes VALUES (17,'performer');
INSERT INTO creatorTypes VALUES (18,'composer');
INSERT INTO creatorTypes VALUES (19,'wordsBy');
INSERT INTO creatorTypes VALUES (20,'cartographer');
INSERT INTO creatorTypes VALUES (21,'programmer');
INSERT INTO creatorTypes VALUES (22,'artist');
INSERT INTO creatorTypes VALUES (23,'commenter');
INSERT INTO creatorTypes VALUES (24,'presenter');
INSERT INTO creatorTypes VALUES (25,'guest');
INSERT INTO creatorTypes VALUES (26,'podcaster');
INSERT INTO creatorTypes VALUES (27,'reviewedAuthor');
INSERT INTO creatorTypes VALUES (28,'cosponsor');
INSERT INTO creatorTypes VALUES (29,'bookAuthor');
INSERT INTO creatorTypes VALUES (30,'originalCreator');
INSERT INTO creatorTypes VALUES (31,'host');
INSERT INTO creatorTypes VALUES (32,'narrator');
INSERT INTO creatorTypes VALUES (33,'executiveProducer');
INSERT INTO creatorTypes VALUES (34,'seriesCreator');
INSERT INTO creatorTypes VALUES (35,'chair');
INSERT INTO creatorTypes VALUES (36,'organizer');
INSERT INTO creatorTypes VALUES (37,'creator');
INSERT INTO baseFieldMappings VALUES (12,109,59);
INSERT INTO baseFieldMappings VALUES (26,109,71);
INSERT INTO baseFieldMappings VALUES (26,8,72);
INSERT INTO baseFieldMappings VALUES (16,60,93);
INSERT INTO baseFieldMappings VALUES (16,4,94);
INSERT INTO baseFieldMappings VALUES (16,10,95);
INSERT INTO baseFieldMappings VALUES (16,126,41);
INSERT INTO baseFieldMappings VALUES (23,12,107);
INSERT INTO baseFieldMappings VALUES (23,108,70);
INSERT INTO baseFieldMappings VALUES (2,109,130);
INSERT INTO baseFieldMappings VALUES (3,12,115);
INSERT INTO baseFieldMappings VALUES (3,109,130);
INSERT INTO baseFieldMappings VALUES (17,110,111);
INSERT INTO baseFieldMappings VALUES (17,126,44);
INSERT INTO baseFieldMappings VALUES (17,14,96);
INSERT INTO baseFieldMappings VALUES (17,60,117);
INSERT INTO baseFieldMappings VALUES (17,4,97);
INSERT INTO baseFieldMappings VALUES (17,10,98);
INSERT INTO baseFieldMappings VALUES (32,8,83);
INSERT INTO baseFieldMappings VALUES (33,12,114);
INSERT INTO baseFieldMappings VALUES (38,60,131);
INSERT INTO baseFieldMappings VALUES (38,8,132);
INSERT INTO baseFieldMappings VALUES (38,7,133);
INSERT INTO baseFieldMappings VALUES (38,109,130);
INSERT INTO baseFieldMappings VALUES (36,12,86);
INSERT INTO baseFieldMappings VALUES (21,110,113);
INSERT INTO baseFieldMappings VALUES (35,12,85);
INSERT INTO baseFieldMappings VALUES (11,8,21);
INSERT INTO baseFieldMappings VALUES (11,108,122);
INSERT INTO baseFieldMappings VALUES (11,109,63);
INSERT INTO baseFieldMappings VALUES (25,12,104);
INSERT INTO baseFieldMappings VALUES (25,108,79);
INSERT INTO baseFieldMappings VALUES (18,60,99);
INSERT INTO baseFieldMappings VALUES (18,126,41);
INSERT INTO baseFieldMappings VALUES (10,109,64);
INSERT INTO baseFieldMappings VALUES (8,108,65);
INSERT INTO baseFieldMappings VALUES (9,108,66);
INSERT INTO baseFieldMappings VALUES (9,8,31);
INSERT INTO baseFieldMappings VALUES (22,108,67);
INSERT INTO baseFieldMappings VALUES (19,126,120);
INSERT INTO baseFieldMappings VALUES (19,60,50);
INSERT INTO baseFieldMappings VALUES (19,14,52);
INSERT INTO baseFieldMappings VALUES (19,127,138);
INSERT INTO baseFieldMappings VALUES (19,139,54);
INSERT INTO baseFieldMappings VALUES (31,60,105);
INSERT INTO baseFieldMappings VALUES (31,109,80);
INSERT INTO baseFieldMappings VALUES (39,108,122);
INSERT INTO baseFieldMappings VALUES (39,8,132);
INSERT INTO baseFieldMappings VALUES (39,60,140);
INSERT INTO baseFieldMappings VALUES (27,108,74);
INSERT INTO baseFieldMappings VALUES (27,12,141);
INSERT INTO baseFieldMappings VALUES (30,12,119);
INSERT INTO baseFieldMappings VALUES (30,60,105);
INSERT INTO baseFieldMappings VALUES (30,109,71);
INSERT INTO baseFieldMappings VALUES (30,8,78);
INSERT INTO baseFieldMappings VALUES (15,60,92);
INSERT INTO baseFieldMappings VALUES (15,108,32);
INSERT INTO baseFieldMappings VALUES (15,8,31);
INSERT INTO baseFieldMappings VALUES (40,126,142);
INSERT INTO baseFieldMappings VALUES (20,110,112);
INSERT INTO baseFieldMappings VALUES (20,60,101);
INSERT INTO baseFieldMappings VALUES (20,14,100);
INSERT INTO baseFieldMappings VALUES (7,108,69);
INSERT INTO baseFieldMappings VALUES (7,8,89);
INSERT INTO baseFieldMappings VALUES (29,12,119);
INSERT INTO baseFieldMappings VALUES (29,60,105);
INSERT INTO baseFieldMappings VALUES (29,109,63);
INSERT INTO baseFieldMappings VALUES (29,8,78);
INSERT INTO baseFieldMappings VALUES (28,109,63);
INSERT INTO baseFieldMappings VALUES (28,8,76);
INSERT INTO baseFieldMappings VALUES (13,12,91);
INSERT INTO baseFieldMappings VALUES (13,108,70);

-- Populated at startup (Schema._updateCustomTables()); there are no custom
-- types or fields, so these are copies, as a zotero.sqlite on disk holds them
INSERT INTO itemTypesCombined SELECT itemTypeID, typeName, display, 0 AS custom FROM itemTypes;
INSERT INTO fieldsCombined SELECT fieldID, fieldName, NULL AS label, fieldFormatID, 0 AS custom FROM fields;
INSERT INTO baseFieldMappingsCombined SELECT itemTypeID, baseFieldID, fieldID FROM baseFieldMappings;

INSERT INTO charsets VALUES (1, 'utf-8');
INSERT INTO charsets VALUES (2, 'big5');
INSERT INTO charsets VALUES (3, 'euc-jp');
INSERT INTO charsets VALUES (4, 'euc-kr');
INSERT INTO charsets VALUES (5, 'gb18030');
INSERT INTO charsets VALUES (6, 'gbk');
INSERT INTO charsets VALUES (7, 'ibm866');
INSERT INTO charsets VALUES (8, 'iso-2022-jp');
INSERT INTO charsets VALUES (9, 'iso-8859-2');
INSERT INTO charsets VALUES (10, 'iso-8859-3');
INSERT INTO charsets VALUES (11, 'iso-8859-4');
INSERT INTO charsets VALUES (12, 'iso-8859-5');
INSERT INTO charsets VALUES (13, 'iso-8859-6');
INSERT INTO charsets VALUES (14, 'iso-8859-7');
INSERT INTO charsets VALUES (15, 'iso-8859-8');
INSERT INTO charsets VALUES (16, 'iso-8859-8-i');
INSERT INTO charsets VALUES (17, 'iso-8859-10');
INSERT INTO charsets VALUES (18, 'iso-8859-13');
INSERT INTO charsets VALUES (19, 'iso-8859-14');
INSERT INTO charsets VALUES (20, 'iso-8859-15');
INSERT INTO charsets VALUES (21, 'iso-8859-16');
INSERT INTO charsets VALUES (22, 'koi8-r');
INSERT INTO charsets VALUES (23, 'koi8-u');
INSERT INTO charsets VALUES (24, 'macintosh');
INSERT INTO charsets VALUES (25, 'replacement');
INSERT INTO charsets VALUES (26, 'shift_jis');
INSERT INTO charsets VALUES (27, 'utf-16be');
INSERT INTO charsets VALUES (28, 'utf-16le');
INSERT INTO charsets VALUES (29, 'windows-874');
INSERT INTO charsets VALUES (30, 'windows-1250');
INSERT INTO charsets VALUES (31, 'windows-1251');
INSERT INTO charsets VALUES (32, 'windows-1252');
INSERT INTO charsets VALUES (33, 'windows-1253');
INSERT INTO charsets VALUES (34, 'windows-1254');
INSERT INTO charsets VALUES (35, 'windows-1255');
INSERT INTO charsets VALUES (36, 'windows-1256');
INSERT INTO charsets VALUES (37, 'windows-1257');
INSERT INTO charsets VALUES (38, 'windows-1258');
INSERT INTO charsets VALUES (39, 'x-mac-cyrillic');
INSERT INTO charsets VALUES (40, 'x-user-defined');

-- The items
INSERT INTO items (itemID, itemTypeID, dateAdded, dateModified, clientDateModified, libraryID, key) VALUES (1, 4, '2024-03-11 14:02:37', '2024-03-11 14:02:37', '2024-03-11 14:02:37', 1, 'YGK4T2Q9');
INSERT INTO items (itemID, itemTypeID, dateAdded, dateModified, clientDateModified, libraryID, key) VALUES (2, 14, '2024-03-11 14:02:39', '2024-03-11 14:02:39', '2024-03-11 14:02:39', 1, 'N7BX3C2M');
INSERT INTO items (itemID, itemTypeID, dateAdded, dateModified, clientDateModified, libraryID, key) VALUES (3, 1, '2024-03-12 09:41:05', '2024-03-12 09:41:05', '2024-03-12 09:41:05', 1, 'Q5RD8WZE');
INSERT INTO items (itemID, itemTypeID, dateAdded, dateModified, clientDateModified, libraryID, key) VALUES (4, 13, '2024-03-14 16:20:11', '2024-03-14 16:20:11', '2024-03-14 16:20:11', 1, 'HJ2V6K8P');
INSERT INTO items (itemID, itemTypeID, dateAdded, dateModified, clientDateModified, libraryID, key) VALUES (5, 14, '2024-03-14 16:20:14', '2024-03-14 16:20:14', '2024-03-14 16:20:14', 1, 'C3TF9LXA');
INSERT INTO items (itemID, itemTypeID, dateAdded, dateModified, clientDateModified, libraryID, key) VALUES (6, 15, '2024-04-02 08:15:50', '2024-04-02 08:15:50', '2024-04-02 08:15:50', 1, 'R8MZ4N6Q');
INSERT INTO items (itemID, itemTypeID, dateAdded, dateModified, clientDateModified, libraryID, key) VALUES (7, 14, '2024-04-02 08:16:02', '2024-04-02 08:16:02', '2024-04-02 08:16:02', 1, 'L2WK7D5S');
INSERT INTO items (itemID, itemTypeID, dateAdded, dateModified, clientDateModified, libraryID, key) VALUES (8, 2, '2024-05-20 19:03:44', '2024-05-20 19:03:44', '2024-05-20 19:03:44', 1, 'B6SJ9E3T');
INSERT INTO items (itemID, itemTypeID, dateAdded, dateModified, clientDateModified, libraryID, key) VALUES (9, 14, '2024-05-20 19:03:58', '2024-05-20 19:03:58', '2024-05-20 19:03:58', 1, 'M4PX2H8V');
INSERT INTO items (itemID, itemTypeID, dateAdded, dateModified, clientDateModified, libraryID, key) VALUES (10, 4, '2024-06-01 11:30:00', '2024-06-01 11:30:00', '2024-06-01 11:30:00', 1, 'T9DQ3A7F');
INSERT INTO items (itemID, itemTypeID, dateAdded, dateModified, clientDateModified, libraryID, key) VALUES (11, 14, '2024-06-01 11:30:04', '2024-06-01 11:30:04', '2024-06-01 11:30:04', 1, 'F5GN8R2C');
INSERT INTO items (itemID, itemTypeID, dateAdded, dateModified, clientDateModified, libraryID, key) VALUES (12, 14, '2024-06-15 07:45:12', '2024-06-15 07:45:12', '2024-06-15 07:45:12', 1, 'S3HV7K4W');

INSERT INTO itemDataValues VALUES (1, 'The Union State of Russia and Belarus: Integration and Its Limits', NULL);
INSERT INTO itemDataValues VALUES (2, 'The article examines the Union State of Russia and Belarus twenty years after the 1999 treaty and the limits of integration between the two states.', NULL);
INSERT INTO itemDataValues VALUES (3, 'Journal of Eurasian Studies', NULL);
INSERT INTO itemDataValues VALUES (4, '5', NULL);
INSERT INTO itemDataValues VALUES (5, '2', NULL);
INSERT INTO itemDataValues VALUES (6, '12-30', NULL);
INSERT INTO itemDataValues VALUES (7, '2014-05-13 2014-05-13', NULL);
INSERT INTO itemDataValues VALUES (8, 'J. Eurasian Stud.', NULL);
INSERT INTO itemDataValues VALUES (9, '10.1016/j.euras.2014.05.002', NULL);
INSERT INTO itemDataValues VALUES (10, 'https://www.sciencedirect.com/science/article/pii/S1879366514000189', NULL);
INSERT INTO itemDataValues VALUES (11, '2024-03-11 14:02:30', NULL);
INSERT INTO itemDataValues VALUES (12, '1879-3665', NULL);
INSERT INTO itemDataValues VALUES (13, 'en', NULL);
INSERT INTO itemDataValues VALUES (14, 'ScienceDirect', NULL);
INSERT INTO itemDataValues VALUES (15, 'The Union State of Russia and Belarus', NULL);
INSERT INTO itemDataValues VALUES (16, 'yakovlevgolani2014', NULL);
INSERT INTO itemDataValues VALUES (17, 'Citation Key: yakovlevgolani2014', NULL);
INSERT INTO itemDataValues VALUES (18, 'Full Text PDF', NULL);
INSERT INTO itemDataValues VALUES (19, 'https://www.sciencedirect.com/science/article/pii/S1879366514000189/pdfft', NULL);
INSERT INTO itemDataValues VALUES (20, '2024-03-11 14:02:39', NULL);
INSERT INTO itemDataValues VALUES (21, 'Valve Diplomacy: Russia, Belarus and the Union State', NULL);
INSERT INTO itemDataValues VALUES (22, 'CritCom', NULL);
INSERT INTO itemDataValues VALUES (23, 'Blog', NULL);
INSERT INTO itemDataValues VALUES (24, 'https://critcom.example.org/2014/05/valve-diplomacy/', NULL);
INSERT INTO itemDataValues VALUES (25, '2024-03-14 16:20:05', NULL);
INSERT INTO itemDataValues VALUES (26, 'en-US', NULL);
INSERT INTO itemDataValues VALUES (27, 'Citation Key: marples2014valve', NULL);
INSERT INTO itemDataValues VALUES (28, 'Snapshot', NULL);
INSERT INTO itemDataValues VALUES (29, '2024-03-14 16:20:14', NULL);
INSERT INTO itemDataValues VALUES (30, 'Oil, Transit and Television: The Russian-Belarusian Quarrels of 2010', NULL);
INSERT INTO itemDataValues VALUES (31, '327', NULL);
INSERT INTO itemDataValues VALUES (32, 'OSW Commentary', NULL);
INSERT INTO itemDataValues VALUES (33, 'Centre for Eastern Studies', NULL);
INSERT INTO itemDataValues VALUES (34, 'Warsaw', NULL);
INSERT INTO itemDataValues VALUES (35, '2010-09-00 September 2010', NULL);
INSERT INTO itemDataValues VALUES (36, 'https://www.osw.waw.pl/en/publikacje/osw-commentary/2010-09', NULL);
INSERT INTO itemDataValues VALUES (37, 'osw2010oil', NULL);
INSERT INTO itemDataValues VALUES (38, 'report.pdf', NULL);
INSERT INTO itemDataValues VALUES (39, 'Союзное государство России и Беларуси', 'союзное государство россии и беларуси');
INSERT INTO itemDataValues VALUES (40, 'Наука', 'наука');
INSERT INTO itemDataValues VALUES (41, 'Москва', 'москва');
INSERT INTO itemDataValues VALUES (42, '2019-00-00 2019', NULL);
INSERT INTO itemDataValues VALUES (43, '312', NULL);
INSERT INTO itemDataValues VALUES (44, 'ru', NULL);
INSERT INTO itemDataValues VALUES (45, 'Российская государственная библиотека', 'россииская государственная библиотека');
INSERT INTO itemDataValues VALUES (46, 'PDF', NULL);
INSERT INTO itemDataValues VALUES (47, 'Energy Subsidies and the Limits of the Union State', NULL);
INSERT INTO itemDataValues VALUES (48, 'Problems of Post-Communism', NULL);
INSERT INTO itemDataValues VALUES (49, '63', NULL);
INSERT INTO itemDataValues VALUES (50, '4', NULL);
INSERT INTO itemDataValues VALUES (51, '201-214', NULL);
INSERT INTO itemDataValues VALUES (52, '2016-00-00 2016', NULL);
INSERT INTO itemDataValues VALUES (53, '10.1080/10758216.2016.0000001', NULL);
INSERT INTO itemDataValues VALUES (54, 'The Union State Under Strain', NULL);

INSERT INTO itemData VALUES (1, 110, 1);
INSERT INTO itemData VALUES (1, 90, 2);
INSERT INTO itemData VALUES (1, 12, 3);
INSERT INTO itemData VALUES (1, 4, 4);
INSERT INTO itemData VALUES (1, 5, 5);
INSERT INTO itemData VALUES (1, 10, 6);
INSERT INTO itemData VALUES (1, 14, 7);
INSERT INTO itemData VALUES (1, 25, 8);
INSERT INTO itemData VALUES (1, 26, 9);
INSERT INTO itemData VALUES (1, 1, 10);
INSERT INTO itemData VALUES (1, 27, 11);
INSERT INTO itemData VALUES (1, 13, 12);
INSERT INTO itemData VALUES (1, 87, 13);
INSERT INTO itemData VALUES (1, 62, 14);
INSERT INTO itemData VALUES (1, 116, 15);
INSERT INTO itemData VALUES (1, 125, 16);
INSERT INTO itemData VALUES (1, 22, 17);
INSERT INTO itemData VALUES (2, 110, 18);
INSERT INTO itemData VALUES (2, 1, 19);
INSERT INTO itemData VALUES (2, 27, 20);
INSERT INTO itemData VALUES (4, 110, 21);
INSERT INTO itemData VALUES (4, 91, 22);
INSERT INTO itemData VALUES (4, 70, 23);
INSERT INTO itemData VALUES (4, 14, 7);
INSERT INTO itemData VALUES (4, 1, 24);
INSERT INTO itemData VALUES (4, 27, 25);
INSERT INTO itemData VALUES (4, 87, 26);
INSERT INTO itemData VALUES (4, 22, 27);
INSERT INTO itemData VALUES (5, 110, 28);
INSERT INTO itemData VALUES (5, 1, 24);
INSERT INTO itemData VALUES (5, 27, 29);
INSERT INTO itemData VALUES (6, 110, 30);
INSERT INTO itemData VALUES (6, 92, 31);
INSERT INTO itemData VALUES (6, 32, 32);
INSERT INTO itemData VALUES (6, 31, 33);
INSERT INTO itemData VALUES (6, 7, 34);
INSERT INTO itemData VALUES (6, 14, 35);
INSERT INTO itemData VALUES (6, 1, 36);
INSERT INTO itemData VALUES (6, 87, 13);
INSERT INTO itemData VALUES (6, 125, 37);
INSERT INTO itemData VALUES (7, 110, 38);
INSERT INTO itemData VALUES (8, 110, 39);
INSERT INTO itemData VALUES (8, 8, 40);
INSERT INTO itemData VALUES (8, 7, 41);
INSERT INTO itemData VALUES (8, 14, 42);
INSERT INTO itemData VALUES (8, 118, 43);
INSERT INTO itemData VALUES (8, 87, 44);
INSERT INTO itemData VALUES (8, 62, 45);
INSERT INTO itemData VALUES (9, 110, 46);
INSERT INTO itemData VALUES (10, 110, 47);
INSERT INTO itemData VALUES (10, 12, 48);
INSERT INTO itemData VALUES (10, 4, 49);
INSERT INTO itemData VALUES (10, 5, 50);
INSERT INTO itemData VALUES (10, 10, 51);
INSERT INTO itemData VALUES (10, 14, 52);
INSERT INTO itemData VALUES (10, 26, 53);
INSERT INTO itemData VALUES (11, 110, 18);
INSERT INTO itemData VALUES (12, 110, 54);

INSERT INTO itemNotes VALUES (3, 1, '<div data-schema-version="9"><p>Reading notes</p>
<p>Compare with the 2019 &ldquo;road maps&rdquo; of deeper integration.</p>
</div>', 'Reading notes');
INSERT INTO itemAttachments (itemID, parentItemID, linkMode, contentType, charsetID, path) VALUES (2, 1, 0, 'application/pdf', NULL, 'storage:Yakovlev-Golani - 2014 - The Union State.pdf');
INSERT INTO itemAttachments (itemID, parentItemID, linkMode, contentType, charsetID, path) VALUES (5, 4, 1, 'text/html', 1, 'storage:thinktank.html');
INSERT INTO itemAttachments (itemID, parentItemID, linkMode, contentType, charsetID, path) VALUES (7, 6, 2, 'application/pdf', NULL, '@LINKED@');
INSERT INTO itemAttachments (itemID, parentItemID, linkMode, contentType, charsetID, path) VALUES (9, 8, 0, 'application/pdf', NULL, 'storage:Ковалёв - 2019 - Союзное государство России и Беларуси.pdf');
INSERT INTO itemAttachments (itemID, parentItemID, linkMode, contentType, charsetID, path) VALUES (11, 10, 0, 'application/pdf', NULL, 'storage:Petrovich - 2016 - Energy Subsidies.pdf');
INSERT INTO itemAttachments (itemID, parentItemID, linkMode, contentType, charsetID, path) VALUES (12, NULL, 0, 'application/pdf', NULL, 'storage:union-state-under-strain.pdf');

INSERT INTO creators VALUES (1, 'Hanna', 'Yakovlev-Golani', 0, NULL, NULL);
INSERT INTO creators VALUES (2, 'Anna', 'Petrovich', 0, NULL, NULL);
INSERT INTO creators VALUES (3, 'David R.', 'Marples', 0, NULL, NULL);
INSERT INTO creators VALUES (4, 'Uladzimir', 'Padhol', 0, NULL, NULL);
INSERT INTO creators VALUES (5, '', 'Centre for Eastern Studies', 1, NULL, NULL);
INSERT INTO creators VALUES (6, 'Андрей', 'Ковалёв', 0, 'андреи', 'ковалев');
INSERT INTO itemCreators VALUES (1, 1, 1, 0);
INSERT INTO itemCreators VALUES (1, 2, 1, 1);
INSERT INTO itemCreators VALUES (4, 3, 1, 0);
INSERT INTO itemCreators VALUES (4, 4, 1, 1);
INSERT INTO itemCreators VALUES (6, 5, 1, 0);
INSERT INTO itemCreators VALUES (8, 6, 1, 0);
INSERT INTO itemCreators VALUES (10, 2, 1, 0);

INSERT INTO collections (collectionID, collectionName, parentCollectionID, clientDateModified, libraryID, key) VALUES (1, 'Russia–Belarus', NULL, '2024-03-11 14:00:00', 1, 'W8CK5PZ3');
INSERT INTO collectionItems VALUES (1, 1, 0);
INSERT INTO collectionItems VALUES (1, 4, 1);
INSERT INTO collectionItems VALUES (1, 6, 2);
INSERT INTO collectionItems VALUES (1, 8, 3);

INSERT INTO deletedItems VALUES (10, '2024-06-02 10:15:00');
COMMIT;
