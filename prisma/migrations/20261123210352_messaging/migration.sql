-- CreateEnum
CREATE TYPE "MessageDirection" AS ENUM ('outbound', 'inbound');

-- CreateEnum
CREATE TYPE "MessageStatus" AS ENUM ('scheduled', 'queued', 'sending', 'sent', 'delivered', 'undelivered', 'failed', 'canceled', 'received');

-- CreateEnum
CREATE TYPE "SmsEncoding" AS ENUM ('gsm7', 'ucs2');

-- CreateEnum
CREATE TYPE "OptOutAction" AS ENUM ('opted_out', 'opted_in');

-- CreateTable
CREATE TABLE "Message" (
    "id" TEXT NOT NULL,
    "accountId" TEXT NOT NULL,
    "numberId" TEXT NOT NULL,
    "conversationId" TEXT NOT NULL,
    "direction" "MessageDirection" NOT NULL,
    "from" TEXT NOT NULL,
    "to" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "status" "MessageStatus" NOT NULL,
    "encoding" "SmsEncoding" NOT NULL,
    "segments" INTEGER NOT NULL,
    "costAmount" INTEGER NOT NULL,
    "currency" TEXT NOT NULL,
    "sendAt" TIMESTAMPTZ(3),
    "carrierMessageId" TEXT,
    "leaseOwner" TEXT,
    "leaseExpiresAt" TIMESTAMPTZ(3),
    "errorCode" TEXT,
    "errorMessage" TEXT,
    "sentAt" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "Message_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Conversation" (
    "id" TEXT NOT NULL,
    "accountId" TEXT NOT NULL,
    "numberId" TEXT NOT NULL,
    "remoteNumber" TEXT NOT NULL,
    "unreadCount" INTEGER NOT NULL DEFAULT 0,
    "muted" BOOLEAN NOT NULL DEFAULT false,
    "lastMessageAt" TIMESTAMPTZ(3) NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "Conversation_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CarrierWebhookEvent" (
    "carrier" TEXT NOT NULL,
    "eventId" TEXT NOT NULL,
    "receivedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "CarrierWebhookEvent_pkey" PRIMARY KEY ("carrier","eventId")
);

-- CreateTable
CREATE TABLE "OptOut" (
    "accountId" TEXT NOT NULL,
    "phoneNumber" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "OptOut_pkey" PRIMARY KEY ("accountId","phoneNumber")
);

-- CreateTable
CREATE TABLE "OptOutChange" (
    "id" TEXT NOT NULL,
    "accountId" TEXT NOT NULL,
    "phoneNumber" TEXT NOT NULL,
    "action" "OptOutAction" NOT NULL,
    "keyword" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "OptOutChange_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "Message_accountId_id_idx" ON "Message"("accountId", "id");

-- CreateIndex
CREATE INDEX "Message_status_sendAt_idx" ON "Message"("status", "sendAt");

-- CreateIndex
CREATE INDEX "Message_carrierMessageId_idx" ON "Message"("carrierMessageId");

-- CreateIndex
CREATE INDEX "Message_conversationId_id_idx" ON "Message"("conversationId", "id");

-- CreateIndex
CREATE INDEX "Conversation_accountId_id_idx" ON "Conversation"("accountId", "id");

-- CreateIndex
CREATE UNIQUE INDEX "Conversation_accountId_numberId_remoteNumber_key" ON "Conversation"("accountId", "numberId", "remoteNumber");

-- CreateIndex
CREATE INDEX "OptOutChange_accountId_phoneNumber_id_idx" ON "OptOutChange"("accountId", "phoneNumber", "id");

-- AddForeignKey
ALTER TABLE "Message" ADD CONSTRAINT "Message_conversationId_fkey" FOREIGN KEY ("conversationId") REFERENCES "Conversation"("id") ON DELETE CASCADE ON UPDATE CASCADE;
