// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "wire/protobufschema.h"

#include <QFileInfo>
#include <QJsonDocument>

#include <algorithm>
#include <google/protobuf/compiler/importer.h>
#include <google/protobuf/descriptor_database.h>
#include <google/protobuf/dynamic_message.h>
#include <google/protobuf/stubs/logging.h>
#include <google/protobuf/util/json_util.h>
#include <limits>

using namespace Qt::StringLiterals;
namespace pb = google::protobuf;

namespace Duplex {

namespace {

void addTypes(const pb::Descriptor *type, QStringList &names)
{
    if (type->options().map_entry()) // a map field's entries: a type protoc makes, not one the file names
        return;
    names.append(QString::fromStdString(type->full_name()));
    for (int i = 0; i < type->nested_type_count(); ++i)
        addTypes(type->nested_type(i), names);
}

// libprotobuf tells why a message does not read (a string field that is not UTF-8, …) only in its log.
thread_local std::string parserSaid;
void keepWhatTheParserSays(pb::LogLevel, const char *, int, const std::string &message)
{
    parserSaid = message;
}

int unnamedFields(const pb::Message &message)
{
    const pb::Reflection *reflection = message.GetReflection();
    int count = reflection->GetUnknownFields(message).field_count();
    std::vector<const pb::FieldDescriptor *> fields;
    reflection->ListFields(message, &fields);
    for (const pb::FieldDescriptor *field : fields) {
        if (field->cpp_type() != pb::FieldDescriptor::CPPTYPE_MESSAGE)
            continue;
        if (!field->is_repeated()) {
            count += unnamedFields(reflection->GetMessage(message, field));
            continue;
        }
        for (int i = 0; i < reflection->FieldSize(message, field); ++i)
            count += unnamedFields(reflection->GetRepeatedMessage(message, field, i));
    }
    return count;
}

} // namespace

// Declared in the order they depend on each other: each is destroyed before what it uses.
struct ProtobufSchema::Loaded
{
    // protoc's words for each problem, "file:line:column: message" (the parser counts from 0, people from 1).
    class Problems final : public pb::compiler::MultiFileErrorCollector
    {
    public:
        void AddError(const std::string &fileName, int line, int column, const std::string &message) override
        {
            const QString where = line < 0
                ? QString::fromStdString(fileName)
                : u"%1:%2:%3"_s.arg(QString::fromStdString(fileName)).arg(line + 1).arg(column + 1);
            m_said.append(where + u": "_s + QString::fromStdString(message));
        }
        QString said() const { return m_said.join(u'\n'); }

    private:
        QStringList m_said;
    };

    explicit Loaded(const QString &folder)
        : files(&tree)
        , known(*pb::DescriptorPool::generated_pool())
        , either(&known, &files) // the well-known types first: a folder without them would be an error's worth
        , pool(&either, files.GetValidationErrorCollector())
    {
        tree.MapPath("", folder.toStdString());
        files.RecordErrorsTo(&problems);
    }

    Problems problems;
    pb::compiler::DiskSourceTree tree;
    pb::compiler::SourceTreeDescriptorDatabase files;
    pb::DescriptorPoolDatabase known;
    pb::MergedDescriptorDatabase either;
    pb::DescriptorPool pool;
    const pb::FileDescriptor *file = nullptr;
    mutable pb::DynamicMessageFactory factory {&pool};
};

ProtobufSchema::ProtobufSchema(std::shared_ptr<const Loaded> loaded)
    : m_loaded(std::move(loaded))
{ }

std::optional<ProtobufSchema> ProtobufSchema::load(const QString &path, QString *error)
{
    const QFileInfo info(path);
    if (!info.isFile() || !info.isReadable()) {
        *error = u"%1 is not a file that can be read."_s.arg(path);
        return std::nullopt;
    }
    auto loaded = std::make_shared<Loaded>(info.absolutePath());
    loaded->file = loaded->pool.FindFileByName(info.fileName().toStdString());
    if (!loaded->file) {
        *error = loaded->problems.said();
        return std::nullopt;
    }
    return ProtobufSchema(std::move(loaded));
}

QString ProtobufSchema::fileName() const
{
    return QString::fromStdString(m_loaded->file->name());
}

QStringList ProtobufSchema::messageTypes() const
{
    QStringList names;
    std::vector<const pb::FileDescriptor *> files {m_loaded->file}; // the file's own types first
    for (std::size_t next = 0; next < files.size(); ++next) {
        const pb::FileDescriptor *file = files[next];
        for (int i = 0; i < file->message_type_count(); ++i)
            addTypes(file->message_type(i), names);
        for (int i = 0; i < file->dependency_count(); ++i) {
            const pb::FileDescriptor *imported = file->dependency(i);
            if (imported->package() != "google.protobuf"
                && std::find(files.begin(), files.end(), imported) == files.end())
                files.push_back(imported);
        }
    }
    return names;
}

std::optional<ProtobufSchema::Reading> ProtobufSchema::read(
    QByteArrayView payload, const QString &type, QString *error) const
{
    const pb::Descriptor *descriptor = m_loaded->pool.FindMessageTypeByName(type.toStdString());
    if (!descriptor) {
        *error = u"%1 has no message type %2."_s.arg(fileName(), type);
        return std::nullopt;
    }
    if (payload.size() > std::numeric_limits<int>::max()) {
        *error = u"too long for protobuf, which reads messages below 2 GiB."_s;
        return std::nullopt;
    }
    const std::unique_ptr<pb::Message> message(m_loaded->factory.GetPrototype(descriptor)->New());
    // Partial: a proto2 message that lacks a required field is still worth reading. The log handler is the process's
    // (libprotobuf has no other), set for this call only: the window reads messages on its own thread alone.
    parserSaid.clear();
    pb::LogHandler *const logging = pb::SetLogHandler(&keepWhatTheParserSays);
    const bool parsed = message->ParsePartialFromArray(payload.data(), int(payload.size()));
    pb::SetLogHandler(logging);
    if (!parsed) {
        const QString why = QString::fromStdString(parserSaid).trimmed();
        *error
            = why.isEmpty() ? u"not a %1: its bytes do not read as one."_s.arg(type) : u"not a %1: %2"_s.arg(type, why);
        return std::nullopt;
    }
    pb::util::JsonPrintOptions options;
    options.preserve_proto_field_names = true;
    std::string json;
    if (const auto status = pb::util::MessageToJsonString(*message, &json, options); !status.ok()) {
        *error = u"a %1 that JSON cannot show: %2"_s.arg(type, QString::fromStdString(std::string(status.message())));
        return std::nullopt;
    }
    return Reading {QJsonDocument::fromJson(QByteArray::fromStdString(json)).object(), unnamedFields(*message)};
}

} // namespace Duplex
